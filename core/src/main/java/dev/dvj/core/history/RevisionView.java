package dev.dvj.core.history;

import dev.dvj.core.io.InputLimits;
import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pipeline.Pipeline;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.scm.CommitInfo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * The repository as it is in the workspace, or as it was at one commit: its pipeline, its lock and
 * the bytes of any file, cached pipeline outputs included.
 */
public final class RevisionView {
    private final Repository repository;
    private final String commit;
    private Pipeline pipeline;
    private Map<String, StageLock> lock;

    /** @param commit a full commit id, or null for the workspace */
    public RevisionView(Repository repository, String commit) {
        this.repository = repository;
        this.commit = commit;
    }

    /** The workspace, or the commit a revision names. */
    public static RevisionView of(Repository repository, String rev) {
        return new RevisionView(repository, rev == null ? null : repository.scm().resolve(rev));
    }

    /** The full commit id, or null for the workspace. */
    public String commit() {
        return commit;
    }

    public CommitInfo commitInfo() {
        return commit == null ? null : repository.scm().describe(commit);
    }

    public Pipeline pipeline() {
        if (pipeline == null) {
            pipeline = commit == null ? PipelineLoader.workspace(repository) : PipelineLoader.atRevision(repository, commit);
        }
        return pipeline;
    }

    public Map<String, StageLock> lock() {
        if (lock == null) {
            if (commit == null) {
                lock = new Outputs(repository).readLock();
            } else {
                byte[] bytes = repository.scm().readAt(commit, LockFile.FILE).orElse(null);
                lock = bytes == null ? Map.of() : LockFile.parse(bytes);
            }
        }
        return lock;
    }

    /**
     * A file's bytes: from the workspace or the commit's tree, else, for a cached pipeline output,
     * from the cache by the oid the lock records. Null when it is in none of them.
     */
    public byte[] read(String path) {
        byte[] bytes = commit == null ? workspaceFile(path) : repository.scm().readAt(commit, path).orElse(null);
        return bytes != null ? bytes : fromCache(path);
    }

    private byte[] workspaceFile(String path) {
        try {
            return InputLimits.read(repository.resolve(path), InputLimits.YAML_FILE, path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw DvjException.data(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private byte[] fromCache(String path) {
        for (StageLock stage : lock().values()) {
            StageLock.LockedPath out = stage.out(path);
            ObjectId oid = out == null || out.oid() == null ? null : ObjectId.parseOrNull(out.oid());
            if (oid != null && !oid.directory() && repository.cache().has(oid)) {
                try {
                    if (!repository.cache().isChunked(oid)) {
                        return InputLimits.read(repository.cache().path(oid), InputLimits.YAML_FILE, path);
                    }
                    try (java.io.InputStream in = repository.cache().open(oid)) {
                        byte[] bytes = in.readNBytes(InputLimits.YAML_FILE + 1);
                        InputLimits.require(bytes, InputLimits.YAML_FILE, path);
                        return bytes;
                    }
                } catch (IOException e) {
                    throw DvjException.data(path + ": cannot read its object " + oid + " from the cache: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }
}
