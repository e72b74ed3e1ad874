package dev.dvj.core.pipeline;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pipeline's view of the workspace: the current content of deps and outputs (through the state
 * cache, so unchanged files are only stat'ed) and the current values of params.
 */
public final class Workspace {
    private final Repository repository;
    private final ContentHasher hasher;
    private final Map<String, Map<String, Object>> paramsFiles = new ConcurrentHashMap<>();
    /** The snapshots {@link #content} took, for {@link #unchanged}. */
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    public Workspace(Repository repository) {
        this.repository = repository;
        this.hasher = new ContentHasher(repository);
    }

    /** The path's content now, or null when nothing is there; with {@code save}, stored in the cache. */
    public StageLock.LockedPath content(String path, boolean save, boolean cached) {
        Snapshot snapshot = hasher.snapshot(repository.resolve(path), save);
        if (snapshot != null) {
            snapshots.put(path, snapshot);
        }
        return snapshot == null ? null
                : new StageLock.LockedPath(path, snapshot.oid().toString(), snapshot.size(), snapshot.nfiles(), cached);
    }

    /**
     * Whether the content {@link #content} found is what the lock recorded: the same id, or a big
     * directory recorded by a dvj from before shards as one flat listing of the same files.
     */
    public boolean unchanged(StageLock.LockedPath now, StageLock.LockedPath recorded) {
        if (now.oid().equals(recorded.oid())) {
            return true;
        }
        Snapshot snapshot = snapshots.get(now.path());
        ObjectId recordedId = ObjectId.parseOrNull(recorded.oid());
        return snapshot != null && recordedId != null && snapshot.oid().toString().equals(now.oid()) && snapshot.sameAs(recordedId);
    }

    /** The stage's params as they are now: file to key to value ({@link ParamsFile#MISSING} when absent). */
    public Map<String, Map<String, Object>> params(Stage stage) {
        Map<String, Map<String, Object>> values = new TreeMap<>();
        for (ParamRef ref : stage.params()) {
            Map<String, Object> file = paramsFile(ref.file());
            Map<String, Object> forFile = values.computeIfAbsent(ref.file(), f -> new TreeMap<>());
            if (ref.key() == null) {
                forFile.putAll(ParamsFile.flatten(file));
            } else {
                forFile.put(ref.key(), ParamsFile.get(file, ref.key()));
            }
        }
        return values;
    }

    /** Forgets params read so far: a stage may have rewritten a params file another stage reads. */
    public void forgetParams() {
        paramsFiles.clear();
    }

    private Map<String, Object> paramsFile(String path) {
        return paramsFiles.computeIfAbsent(path, p -> {
            byte[] bytes = PipelineLoader.readOrNull(repository, p);
            return bytes == null ? Map.of() : ParamsFile.parse(bytes, p);
        });
    }
}
