package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;

/** The content of one output as it is now: its id and size, and for a directory its manifest. */
public record Snapshot(ObjectId oid, long size, Manifest manifest) {

    public boolean isDirectory() {
        return manifest != null;
    }

    public Integer nfiles() {
        return manifest == null ? null : manifest.entries().size();
    }
}
