package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.InputLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where run-cache entries live in a folder store (the cache, a folder remote):
 * {@code <root>/runs/<2 hex>/<62 hex>}, one file per 64-hex key, each replaced atomically. Only the
 * layout: what an entry means is {@code RunCache}'s business.
 */
public final class RunEntryFiles {
    public static final String FOLDER = "runs";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public RunEntryFiles(Path storeRoot) {
        this.root = storeRoot.resolve(FOLDER);
    }

    public static boolean isKey(String text) {
        return KEY.matcher(text).matches();
    }

    /** Every key held, sorted. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        if (!Files.isDirectory(root)) {
            return keys;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = file.getParent().getFileName().toString() + file.getFileName();
                if (isKey(key)) {
                    keys.add(key);
                }
            });
        } catch (IOException e) {
            throw DvjException.data("cannot list the run-cache " + root + ": " + e.getMessage(), e);
        }
        return keys;
    }

    /** The entry's bytes, or null when absent. */
    public byte[] read(String key) {
        try {
            return InputLimits.read(path(key), InputLimits.YAML_FILE, "run-cache entry " + key);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw DvjException.data("cannot read run-cache entry " + path(key) + ": " + e.getMessage(), e);
        }
    }

    /** Stores an entry's bytes atomically, replacing the earlier run of the same key. */
    public void write(String key, byte[] bytes) {
        Path file = path(key);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw DvjException.data("cannot write run-cache entry " + file + ": " + e.getMessage(), e);
        }
    }

    private Path path(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a run-cache key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2));
    }
}
