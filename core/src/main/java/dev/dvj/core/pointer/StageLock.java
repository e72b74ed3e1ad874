package dev.dvj.core.pointer;

import java.util.List;
import java.util.Map;

/**
 * What {@code dvj.lock} records for one stage: the command, every dep and output with its content
 * id, the parameter values used, and the run that produced the outputs.
 *
 * @param params params file to (key to value); a whole-file reference records every leaf value
 */
public record StageLock(String cmd, List<LockedPath> deps, Map<String, Map<String, Object>> params,
                        List<LockedPath> outs, RunRecord run) {

    /**
     * A path and its content when recorded; a directory has a {@code .dir} oid and a file count.
     * {@code cached} is false for an output declared {@code cache: false} (always true for deps).
     */
    public record LockedPath(String path, String oid, long size, Integer nfiles, boolean cached) {
    }

    /**
     * Who ran the stage, where, when and how long: the operational lineage of its outputs.
     *
     * @param started  ISO-8601 instant
     * @param duration seconds
     * @param restored true when the outputs came from the run-cache instead of running the command
     */
    /**
     * One run of a stage: when, how long, its exit code, who ran it where, and on what.
     *
     * @param machine the OS, CPUs, memory and Java it ran on; null in locks written before dvj recorded it
     * @param env     the SHA-256 of each file the stage declares as its environment ({@code env:}), by path
     */
    public record RunRecord(String started, double duration, int exit, String user, String host, String dvj,
                            boolean restored, Machine machine, Map<String, String> env) {
        public RunRecord(String started, double duration, int exit, String user, String host, String dvj, boolean restored) {
            this(started, duration, exit, user, host, dvj, restored, null, Map.of());
        }

        /** The same run, marked as restored from the run-cache. */
        public RunRecord asRestored() {
            return new RunRecord(started, duration, exit, user, host, dvj, true, machine, env);
        }
    }

    /** What a run ran on: {@code Linux 6.1.0 (amd64)}, CPUs, physical memory in bytes (0 when unknown), Java's version. */
    public record Machine(String os, int cpus, long memory, String java) {
    }

    public LockedPath out(String path) {
        return find(outs, path);
    }

    public LockedPath dep(String path) {
        return find(deps, path);
    }

    private static LockedPath find(List<LockedPath> paths, String path) {
        for (LockedPath p : paths) {
            if (p.path().equals(path)) {
                return p;
            }
        }
        return null;
    }
}
