package dev.dvj.core.history;

import dev.dvj.core.DvjException;
import dev.dvj.core.api.DataProfiles;
import dev.dvj.core.api.PathArguments;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The versions of one tracked path through Git history, read with JGit from the commits that
 * changed its pointer file (or {@code dvj.lock}, for a stage's output). A commit that only
 * rewords the description is not a new version.
 */
public final class DataHistory {
    private final Repository repository;

    public DataHistory(Repository repository) {
        this.repository = repository;
    }

    /**
     * Newest first, at most {@code max} (0: all). With {@code rev} null, history is read from HEAD
     * and a version recorded in the workspace but not committed comes first.
     */
    public List<DataVersion> log(Path target, String rev, int max) {
        Where where = locate(target, rev);
        List<DataVersion> versions = new ArrayList<>();
        if (rev == null) {
            TrackedOutput now = workspaceOutput(where);
            if (now != null) {
                versions.add(version(now, null));
            }
        }
        if (repository.scm().isGit() && (rev != null || repository.scm().hasCommits())) {
            for (String commit : repository.scm().commitsTouching(where.gitPath(), rev == null ? "HEAD" : rev)) {
                TrackedOutput output = at(where, commit);
                if (output == null || output.pointer().oid() == null) {
                    continue;
                }
                DataVersion newer = versions.isEmpty() ? null : versions.get(versions.size() - 1);
                if (newer != null && Objects.equals(newer.oid(), output.pointer().oid().toString())) {
                    versions.set(versions.size() - 1, version(output, commit)); // an older commit recorded the same data
                } else if (max > 0 && versions.size() > max) {
                    // The versions asked for are final, and the one before the last is known for its change.
                    break;
                } else {
                    versions.add(version(output, commit));
                }
            }
        }
        if (versions.isEmpty()) {
            throw DvjException.invalid("'" + where.dataPath() + "' has no recorded version" + (rev == null ? "" : " at " + rev));
        }
        List<DataVersion> withChanges = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            DataVersion version = versions.get(i);
            withChanges.add(i + 1 < versions.size() ? version.after(versions.get(i + 1)) : version);
        }
        return max > 0 && withChanges.size() > max ? withChanges.subList(0, max) : withChanges;
    }

    /**
     * The commit that recorded this version of the data: going back from {@code rev}, the oldest
     * commit of the newest run of commits whose pointer names {@code oid}; null when none does.
     * What {@link #log} would say for that version, without reading the rest of the history.
     */
    public DataVersion origin(Path target, String rev, String oid) {
        Where where = locate(target, rev);
        String found = null;
        TrackedOutput foundOutput = null;
        for (String commit : repository.scm().commitsTouching(where.gitPath(), rev == null ? "HEAD" : rev)) {
            TrackedOutput output = at(where, commit);
            if (output == null || output.pointer().oid() == null) {
                continue;
            }
            if (Objects.equals(output.pointer().oid().toString(), oid)) {
                found = commit;
                foundOutput = output;
            } else if (found != null) {
                break;
            }
        }
        return found == null ? null : version(foundOutput, found);
    }

    /** The version at rev (or the workspace's), with its change from the version before it. */
    public DataVersion show(Path target, String rev) {
        return log(target, rev, 2).get(0);
    }

    /**
     * The pointer (or dvj.lock entry) rev records for the target, without walking history as
     * {@link #show} does to find who recorded it; null when rev records none.
     */
    public TrackedOutput recordedAt(Path target, String rev) {
        return at(locate(target, rev), repository.scm().resolve(rev));
    }

    /** The profile (with column statistics) of the version at rev, or of the workspace's pointer. */
    public dev.dvj.core.profile.StoredProfile.Lookup profile(Path target, String rev) {
        Where where = locate(target, rev);
        TrackedOutput output = rev == null ? workspaceOutput(where) : at(where, repository.scm().resolve(rev));
        return DataProfiles.lookup(repository, output == null ? null : output.pointer().meta());
    }

    /** A path's pointer file (or dvj.lock) and its data path, both repository-relative. */
    private record Where(String dataPath, String pointerPath, boolean pipeline) {
        String gitPath() {
            return pipeline ? LockFile.FILE : pointerPath;
        }
    }

    private Where locate(Path target, String rev) {
        Path pointer = Outputs.pointerFor(target);
        String pointerPath = PathArguments.requireTrackable(repository, pointer);
        String dataPath = pointerPath.substring(0, pointerPath.length() - PointerFormat.SUFFIX.length());
        boolean hasPointer = Files.isRegularFile(pointer)
                || (rev != null && repository.scm().readAt(rev, pointerPath).isPresent());
        if (hasPointer) {
            return new Where(dataPath, pointerPath, false);
        }
        Where stageOutput = new Where(dataPath, LockFile.FILE, true);
        boolean inLock = rev == null ? workspaceOutput(stageOutput) != null : at(stageOutput, rev) != null;
        if (!inLock) {
            throw DvjException.invalid("'" + dataPath + "' is not tracked by dvj" + (rev == null ? "" : " at " + rev)
                    + " (no " + pointerPath + ", and no stage in dvj.lock writes it)");
        }
        return stageOutput;
    }

    private TrackedOutput workspaceOutput(Where where) {
        Outputs outputs = new Outputs(repository);
        if (!where.pipeline()) {
            Path pointer = repository.resolve(where.pointerPath());
            return Files.isRegularFile(pointer) ? outputs.read(pointer) : null;
        }
        return find(Outputs.pipelineOutputs(outputs.readLock()), where.dataPath());
    }

    private TrackedOutput at(Where where, String commit) {
        byte[] bytes = repository.scm().readAt(commit, where.gitPath()).orElse(null);
        if (bytes == null) {
            return null;
        }
        if (!where.pipeline()) {
            return Outputs.parse(where.pointerPath(), bytes);
        }
        return find(Outputs.pipelineOutputs(LockFile.parse(bytes)), where.dataPath());
    }

    private static TrackedOutput find(List<TrackedOutput> outputs, String dataPath) {
        return outputs.stream().filter(o -> o.dataPath().equals(dataPath)).findFirst().orElse(null);
    }

    private DataVersion version(TrackedOutput output, String commit) {
        Pointer p = output.pointer();
        dev.dvj.core.profile.StoredProfile.Lookup profile = DataProfiles.lookup(repository, p.meta());
        return new DataVersion(output.dataPath(), output.pointerPath(), p.oid() == null ? null : p.oid().toString(), p.size(),
                p.nfiles(), p.desc(), commit == null ? null : repository.scm().describe(commit), profile.profile(), null, null,
                profile.statistics());
    }
}
