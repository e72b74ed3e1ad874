package dev.dvj.core.api;

import dev.dvj.core.workspace.FileStat;

import java.io.IOException;
import java.nio.file.Path;

/** A single file's owner-execute bit, as a directory's manifest records its files' (false where the filesystem has none). */
final class ExecBit {
    private ExecBit() {
    }

    static boolean of(Path file) {
        try {
            return FileStat.read(file).executable();
        } catch (IOException e) {
            return false;
        }
    }
}
