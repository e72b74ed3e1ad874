package dev.dvj.core.pipeline;

/**
 * What a stage writes: an output ({@code outs}), a metrics file or a plots file.
 *
 * @param cache   stored in the cache (and so pushed and pulled); {@code cache: false} outputs are
 *                still hashed into {@code dvj.lock} but left to Git
 * @param persist kept, not deleted, before the stage runs (for outputs a command updates in place)
 * @param plot    how a plots file is drawn ({@code x}, {@code y}, {@code title}, as DVC's plots take
 *                them); null when dvj.yaml says nothing, and for other outputs
 */
public record StageOutput(String path, Kind kind, boolean cache, boolean persist, PlotProps plot) {

    public StageOutput(String path, Kind kind, boolean cache, boolean persist) {
        this(path, kind, cache, persist, null);
    }

    /**
     * A plots file's drawing options: its x field, its y fields (empty: every numeric one), a title,
     * and a template (null: {@code linear}; see {@code PlotsCommand.TEMPLATES}).
     */
    public record PlotProps(String x, java.util.List<String> y, String title, String template) {
        public PlotProps(String x, java.util.List<String> y, String title) {
            this(x, y, title, null);
        }
    }

    public enum Kind {
        OUT("outs"), METRIC("metrics"), PLOT("plots");

        public final String key;

        Kind(String key) {
            this.key = key;
        }
    }
}
