package dev.dvj.core.pipeline;

import dev.dvj.core.io.InputLimits;
import dev.dvj.core.DvjException;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** Reads {@code dvj.yaml} from the workspace, or from a Git revision. */
public final class PipelineLoader {
    private PipelineLoader() {
    }

    /** The workspace's pipeline; empty when there is no {@code dvj.yaml}. */
    public static Pipeline workspace(Repository repository) {
        byte[] bytes = readOrNull(repository, Pipeline.FILE);
        return bytes == null ? Pipeline.empty() : PipelineFile.parse(bytes, path -> readOrNull(repository, path));
    }

    /**
     * The pipeline as committed at a revision, read as history ({@link PipelineFile#parseCommitted});
     * empty when that commit has no {@code dvj.yaml}.
     */
    public static Pipeline atRevision(Repository repository, String rev) {
        byte[] bytes = repository.scm().readAt(rev, Pipeline.FILE).orElse(null);
        return bytes == null ? Pipeline.empty()
                : PipelineFile.parseCommitted(bytes, path -> repository.scm().readAt(rev, path).orElse(null));
    }

    /** A workspace file's bytes, or null when there is no such file. */
    static byte[] readOrNull(Repository repository, String path) {
        try {
            return InputLimits.read(repository.resolve(path), InputLimits.YAML_FILE, path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw DvjException.data(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
