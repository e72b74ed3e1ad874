package dev.dvj.core.api;

/**
 * One output that add or commit recorded: the data path, its pointer, the version's id and size.
 */
public record RecordedOutput(String path, String pointer, String oid, long size, Integer nfiles, OutputChange change) {
}
