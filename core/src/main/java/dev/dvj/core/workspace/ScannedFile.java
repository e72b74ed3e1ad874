package dev.dvj.core.workspace;

import java.nio.file.Path;

/** A regular file found under a tracked directory: its path inside that directory and its stat. */
public record ScannedFile(String relPath, Path absolute, FileStat stat) {
}
