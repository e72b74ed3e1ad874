package dev.dvj.core.workspace;

import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.Pointer;

/**
 * A pointer file and the data it describes, both as repository-relative POSIX paths. A pipeline
 * stage's output has {@code dvj.lock} as its pointer.
 */
public record TrackedOutput(String pointerPath, String dataPath, Pointer pointer) {

    /** True for an output a pipeline stage writes, recorded in {@code dvj.lock}, not in a pointer file. */
    public boolean fromPipeline() {
        return pointerPath.equals(LockFile.FILE);
    }
}
