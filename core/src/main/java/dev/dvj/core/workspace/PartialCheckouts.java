package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tracked directories that a pull or checkout of a path inside them placed only in part
 * ({@code .dvj/tmp/partial-checkouts}, one data path per line, never committed). Their other
 * files are absent from the workspace because they were never asked for, not because the user
 * deleted them: {@code dvj commit} refuses to record such a directory, and {@code dvj status}
 * says so. A checkout of the whole directory, or an explicit {@code dvj add} of it, ends the mark.
 */
public final class PartialCheckouts {
    private final Path file;
    private final Set<String> paths = new TreeSet<>();
    private boolean changed;

    PartialCheckouts(Path file) {
        this.file = file;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    paths.add(line.strip());
                }
            }
        } catch (NoSuchFileException e) {
            // None yet.
        } catch (IOException e) {
            throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean contains(String dataPath) {
        return paths.contains(dataPath);
    }

    public synchronized void mark(String dataPath) {
        changed |= paths.add(dataPath);
    }

    public synchronized void clear(String dataPath) {
        changed |= paths.remove(dataPath);
    }

    /** Writes the list if it changed (atomically: a killed dvj leaves the old one or the new one). */
    public synchronized void save() {
        if (!changed) {
            return;
        }
        try {
            if (paths.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                Files.createDirectories(file.getParent());
                AtomicFiles.write(file, String.join("\n", paths) + "\n");
            }
            changed = false;
        } catch (IOException e) {
            throw DvjException.data("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
