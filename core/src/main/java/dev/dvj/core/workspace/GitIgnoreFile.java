package dev.dvj.core.workspace;

import dev.dvj.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps data paths out of Git: one anchored line ({@code /name}) per tracked output in the
 * {@code .gitignore} beside it, written atomically and left alone otherwise.
 */
public final class GitIgnoreFile {
    public static final String NAME = ".gitignore";

    private GitIgnoreFile() {
    }

    /** Adds {@code /name}; returns true when the file changed. */
    public static boolean add(Path folder, String name) throws IOException {
        Path file = folder.resolve(NAME);
        List<String> lines = read(file);
        String entry = entryFor(name);
        if (lines.contains(entry)) {
            return false;
        }
        lines.add(entry);
        AtomicFiles.write(file, String.join("\n", lines) + "\n");
        return true;
    }

    /** Removes {@code /name}; returns true when the file changed. A file left empty is deleted. */
    public static boolean remove(Path folder, String name) throws IOException {
        Path file = folder.resolve(NAME);
        List<String> lines = read(file);
        if (!lines.remove(entryFor(name))) {
            return false;
        }
        if (lines.stream().allMatch(String::isBlank)) {
            Files.delete(file);
        } else {
            AtomicFiles.write(file, String.join("\n", lines) + "\n");
        }
        return true;
    }

    static String entryFor(String name) {
        // Escape the characters Git's patterns treat specially, so odd file names match literally.
        StringBuilder out = new StringBuilder("/");
        for (char c : name.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '\\' || c == '!' || c == '#') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new ArrayList<>();
        }
        List<String> lines = new ArrayList<>(List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
