package dev.dvj.core.workspace;

import dev.dvj.core.pointer.Pointer;

/**
 * A pointer file and the data it describes, both as repository-relative POSIX paths.
 */
public record TrackedOutput(String pointerPath, String dataPath, Pointer pointer) {
}
