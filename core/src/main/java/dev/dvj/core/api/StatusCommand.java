package dev.dvj.core.api;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pipeline.PipelineStatus;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dvj status}: compares each tracked output's workspace content with its pointer. Read-only
 * apart from the state cache; unchanged files are only stat'ed.
 */
public final class StatusCommand {
    private final Repository repository;

    public StatusCommand(Repository repository) {
        this.repository = repository;
    }

    public enum State {
        /** Workspace matches the pointer and the content is in the cache. */
        UNCHANGED,
        /** Workspace content differs from the pointer and is new: edits to record. */
        MODIFIED,
        /**
         * Workspace content differs from the pointer but is a version the cache holds: the pointer
         * moved (git checkout, merge, pull) and the data did not follow. {@code dvj checkout}
         * brings it in line; {@code dvj commit} would record the old data under the new pointer.
         */
        OUTDATED,
        /** The pointer exists but the data does not. */
        DELETED,
        /** The pointer records no content yet. */
        NEW,
        /** Workspace matches the pointer but the cache lacks the content (or part of it). */
        NOT_IN_CACHE,
        /**
         * A directory a pull or checkout of a path inside it placed only in part: what is missing
         * was never brought, and {@code dvj commit} refuses to record it.
         */
        PARTIAL
    }

    /** @param files for modified directories whose recorded manifest is cached: the files that changed */
    public record OutputStatus(String path, String pointer, State state, FileChanges files) {
    }

    /** @param stages the pipeline's stages (only when no targets were named) */
    public record Result(List<OutputStatus> outputs, List<PipelineStatus.StageStatus> stages) {
        public boolean clean() {
            return outputs.stream().allMatch(o -> o.state() == State.UNCHANGED)
                    && stages.stream().noneMatch(PipelineStatus.StageStatus::changed);
        }
    }

    public Result run(List<Path> targets) {
        try {
            ContentHasher hasher = new ContentHasher(repository);
            List<OutputStatus> statuses = new ArrayList<>();
            for (TrackedOutput output : new Outputs(repository).select(targets)) {
                statuses.add(check(hasher, output));
            }
            boolean everything = targets == null || targets.isEmpty();
            return new Result(statuses, everything ? PipelineStatus.of(repository) : List.of());
        } finally {
            repository.flush();
        }
    }

    private OutputStatus check(ContentHasher hasher, TrackedOutput output) {
        Pointer pointer = output.pointer();
        if (pointer.oid() == null) {
            return status(output, State.NEW, null);
        }
        Snapshot now = hasher.snapshot(repository.resolve(output.dataPath()), false);
        if (now == null) {
            return status(output, State.DELETED, null);
        }
        if (now.sameAs(pointer.oid())) {
            return status(output, inCache(pointer.oid()) ? State.UNCHANGED : State.NOT_IN_CACHE, null);
        }
        if (repository.partialCheckouts().contains(output.dataPath())) {
            return status(output, State.PARTIAL, null);
        }
        FileChanges files = null;
        Manifest recorded = repository.cache().manifestOrNull(pointer.oid());
        if (recorded != null && now.isDirectory()) {
            files = FileChanges.between(recorded, now.manifest());
        }
        return status(output, inCache(now.oid()) ? State.OUTDATED : State.MODIFIED, files);
    }

    /**
     * A directory's manifest is stored only after all its files, and removed before any of them, so
     * a present manifest stands for the whole directory and status need not stat every object.
     * (Checkout still checks every object before it writes anything.)
     */
    private boolean inCache(ObjectId id) {
        return repository.cache().has(id);
    }

    private static OutputStatus status(TrackedOutput output, State state, FileChanges files) {
        return new OutputStatus(output.dataPath(), output.pointerPath(), state, files);
    }
}
