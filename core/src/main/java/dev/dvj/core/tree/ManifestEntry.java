package dev.dvj.core.tree;

import dev.dvj.core.hash.ObjectId;

/** One file of a directory: its POSIX path relative to the directory, its object, size and exec bit. */
public record ManifestEntry(String path, ObjectId oid, long size, boolean executable) {
}
