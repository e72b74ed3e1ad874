package dev.dvj.core.api;

import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outputs a command works on: the workspace's pointers (or the named targets), plus every
 * pointer at the chosen revisions and history scopes. The same data version reached from many
 * commits is listed once.
 *
 * @param includeWorkspace whether the workspace's own pointers count
 * @param revisions        extra revisions (branch names, tags, commit ids)
 * @param scopes           whole parts of history
 */
public record OutputSelection(List<Path> targets, boolean includeWorkspace, List<String> revisions, Set<HistoryScope> scopes) {

    public static OutputSelection workspace(List<Path> targets) {
        return new OutputSelection(targets, true, List.of(), EnumSet.noneOf(HistoryScope.class));
    }

    public List<TrackedOutput> resolve(Repository repository) {
        return resolve(repository, false);
    }

    /**
     * As {@link #resolve}, but a target may be a file or folder inside a tracked directory: that
     * output comes narrowed to it (pull, fetch and checkout move only that part).
     */
    public List<TrackedOutput> resolveReaching(Repository repository) {
        return resolve(repository, true);
    }

    private List<TrackedOutput> resolve(Repository repository, boolean reaching) {
        Outputs outputs = new Outputs(repository);
        Map<String, TrackedOutput> byVersion = new LinkedHashMap<>();
        if (includeWorkspace) {
            (reaching ? outputs.selectReaching(targets) : outputs.select(targets))
                    .forEach(o -> byVersion.merge(key(o), o, TrackedOutput::union));
        }
        Set<String> commits = new LinkedHashSet<>();
        for (String rev : revisions) {
            commits.add(repository.scm().resolve(rev));
        }
        for (HistoryScope scope : scopes) {
            commits.addAll(repository.scm().commitsIn(scope));
        }
        Set<String> wanted = reaching ? null : targetPointers(repository);
        List<String> targetPaths = reaching && targets != null && !targets.isEmpty()
                ? targets.stream().map(repository::relative).toList() : null;
        for (String commit : commits) {
            Collection<TrackedOutput> atCommit = outputs.atRevision(commit).values();
            for (TrackedOutput output : atCommit) {
                TrackedOutput chosen = targetPaths == null ? output : narrowed(output, targetPaths);
                if (chosen != null && (wanted == null || wanted.contains(output.pointerPath()))) {
                    byVersion.merge(key(chosen), chosen, TrackedOutput::union);
                }
            }
        }
        return new ArrayList<>(byVersion.values());
    }

    /** The output as the target paths ask for it: whole, narrowed to paths inside it, or not at all (null). */
    private static TrackedOutput narrowed(TrackedOutput output, List<String> targetPaths) {
        TrackedOutput chosen = null;
        for (String path : targetPaths) {
            String pointerPath = path.endsWith(dev.dvj.core.pointer.PointerFormat.SUFFIX) ? path : path + dev.dvj.core.pointer.PointerFormat.SUFFIX;
            if (path.equals(output.dataPath()) || pointerPath.equals(output.pointerPath())) {
                return output.whole();
            }
            if (output.pointer().isDirectory() && path.startsWith(output.dataPath() + "/")) {
                String inside = path.substring(output.dataPath().length() + 1);
                chosen = chosen == null ? output.narrowedTo(inside) : chosen.narrowedTo(inside);
            }
        }
        return chosen;
    }

    /** The pointer paths the targets name, or null for all. */
    private Set<String> targetPointers(Repository repository) {
        if (targets == null || targets.isEmpty()) {
            return null;
        }
        Set<String> pointers = new LinkedHashSet<>();
        for (Path target : targets) {
            pointers.add(PathArguments.requireTrackable(repository, Outputs.pointerFor(target)));
        }
        return pointers;
    }

    private static String key(TrackedOutput output) {
        return output.dataPath() + "@" + output.pointer().oid();
    }
}
