package dev.dvj.core.pipeline;

/**
 * What a stage writes: an output ({@code outs}), a metrics file or a plots file.
 *
 * @param cache   stored in the cache (and so pushed and pulled); {@code cache: false} outputs are
 *                still hashed into {@code dvj.lock} but left to Git
 * @param persist kept, not deleted, before the stage runs (for outputs a command updates in place)
 */
public record StageOutput(String path, Kind kind, boolean cache, boolean persist) {

    public enum Kind {
        OUT("outs"), METRIC("metrics"), PLOT("plots");

        public final String key;

        Kind(String key) {
            this.key = key;
        }
    }
}
