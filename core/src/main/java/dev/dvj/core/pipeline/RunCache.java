package dev.dvj.core.pipeline;

import dev.dvj.core.io.InputLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.store.RunEntryFiles;
import dev.dvj.core.tree.Manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers what each stage run produced, keyed by what went in: the command, its folder, every
 * dep's content id, the param values and the output paths (not the stage's name, so renaming a
 * stage keeps its history). When a changed stage's inputs match an earlier run whose outputs are
 * still in the cache, {@code dvj repro} restores them instead of running the command, e.g. after a
 * param is switched back.
 *
 * <p>Entries live in {@code .dvj/cache/runs/<2 hex>/<62 hex>}, one per key, each a one-stage
 * {@code dvj.lock} document; the latest run of a key replaces the earlier one. They are pushed and
 * pulled with {@code --run-cache}.
 */
public final class RunCache {
    public static final String FOLDER = RunEntryFiles.FOLDER;
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final CacheDirectory cache;
    private final RunEntryFiles files;

    public RunCache(CacheDirectory cache) {
        this.cache = cache;
        this.files = new RunEntryFiles(cache.root());
    }

    /**
     * Whether a stage's runs can be replayed: every output cached and rebuilt from scratch, and the
     * stage not marked as depending on something outside the pipeline.
     */
    public static boolean eligible(Stage stage) {
        return !stage.alwaysChanged() && !stage.outs().isEmpty()
                && stage.outs().stream().allMatch(out -> out.cache() && !out.persist());
    }

    /** The entry key for a run of the stage with these deps and params: 64 hex digits. */
    public static String key(Stage stage, List<StageLock.LockedPath> deps, Map<String, Map<String, Object>> params) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("cmd", stage.cmdText());
        inputs.put("wdir", stage.wdir());
        Map<String, String> depIds = new LinkedHashMap<>();
        deps.stream().sorted((a, b) -> a.path().compareTo(b.path())).forEach(d -> depIds.put(d.path(), d.oid()));
        inputs.put("deps", depIds);
        inputs.put("params", params);
        inputs.put("outs", stage.outs().stream().map(StageOutput::path).sorted().toList());
        try {
            return Hashing.ofBytes(CANONICAL.writeValueAsBytes(inputs), false).hex();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("param values are plain YAML values", e);
        }
    }

    /** The recorded run for the key when every output it names is still in the cache; else null. */
    public StageLock lookup(String key) {
        StageLock entry = read(key);
        return entry != null && restorable(entry) ? entry : null;
    }

    /** True when every output the entry names is in the cache, each directory with all its files. */
    public boolean restorable(StageLock entry) {
        return entry.outs().stream().allMatch(this::complete);
    }

    /** Records a finished run of a stage under its key. */
    public void save(String key, String stageName, StageLock lock) {
        write(key, LockFile.write(Map.of(stageName, lock)));
    }

    /** Every key held locally, sorted. */
    public Set<String> keys() {
        return files.keys();
    }

    /** The entry stored under the key, or null when there is none; a damaged entry is an error. */
    public StageLock read(String key) {
        byte[] bytes = bytes(key);
        return bytes == null ? null : parse(key, bytes);
    }

    /** The raw entry, for transfers; null when absent. */
    public byte[] bytes(String key) {
        return files.read(key);
    }

    /**
     * Parses and validates an entry's bytes: a one-stage lock document of hand size whose paths
     * stay inside the repository and whose deps and outputs each name a well-formed object id. An
     * entry from a remote is checked by this before it is stored, and a restore trusts it.
     */
    public static StageLock parse(String key, byte[] bytes) {
        String source = "run-cache entry " + key;
        InputLimits.require(bytes, InputLimits.YAML_FILE, source);
        Map<String, StageLock> stages = LockFile.parse(bytes);
        if (stages.size() != 1) {
            throw DvjException.data(source + " holds " + stages.size() + " stages, not one");
        }
        StageLock entry = stages.values().iterator().next();
        if (entry.outs().isEmpty()) {
            throw DvjException.data(source + " records no outputs");
        }
        for (StageLock.LockedPath path : concat(entry.deps(), entry.outs())) {
            if (path.oid() == null || ObjectId.parseOrNull(path.oid()) == null) {
                throw DvjException.data(source + ": '" + path.path() + "' has no valid object id ('" + path.oid() + "')");
            }
            if (path.size() < 0 || (path.nfiles() != null && path.nfiles() < 0)) {
                throw DvjException.data(source + ": '" + path.path() + "' has a negative size or file count");
            }
        }
        return entry;
    }

    private static List<StageLock.LockedPath> concat(List<StageLock.LockedPath> a, List<StageLock.LockedPath> b) {
        List<StageLock.LockedPath> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Stores an entry's bytes atomically (from a run, or fetched from a remote). */
    public void write(String key, byte[] bytes) {
        files.write(key, bytes);
    }

    public static boolean isKey(String text) {
        return RunEntryFiles.isKey(text);
    }

    /** True when the output's object, and for a directory every file it lists, is in the cache. */
    private boolean complete(StageLock.LockedPath out) {
        ObjectId oid = out.oid() == null ? null : ObjectId.parseOrNull(out.oid());
        if (oid == null || !cache.has(oid)) {
            return false;
        }
        if (!oid.directory()) {
            return true;
        }
        Manifest manifest = cache.manifestOrNull(oid);
        if (manifest == null) {
            return false;
        }
        return manifest.entries().stream().allMatch(e -> cache.has(e.oid()));
    }
}
