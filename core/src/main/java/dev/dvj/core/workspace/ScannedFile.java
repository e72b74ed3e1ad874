package dev.dvj.core.workspace;

/**
 * A regular file found under a tracked directory: its path inside that directory and its stat. No
 * Path object is kept: a scan holds one of these per file, and a collection copies what is live.
 */
public record ScannedFile(String relPath, FileStat stat) {
}
