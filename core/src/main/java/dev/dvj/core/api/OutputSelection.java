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
        Outputs outputs = new Outputs(repository);
        Map<String, TrackedOutput> byVersion = new LinkedHashMap<>();
        if (includeWorkspace) {
            outputs.select(targets).forEach(o -> byVersion.putIfAbsent(key(o), o));
        }
        Set<String> commits = new LinkedHashSet<>();
        for (String rev : revisions) {
            commits.add(repository.scm().resolve(rev));
        }
        for (HistoryScope scope : scopes) {
            commits.addAll(repository.scm().commitsIn(scope));
        }
        Set<String> wanted = targetPointers(repository);
        for (String commit : commits) {
            Collection<TrackedOutput> atCommit = outputs.atRevision(commit).values();
            for (TrackedOutput output : atCommit) {
                if (wanted == null || wanted.contains(output.pointerPath())) {
                    byVersion.putIfAbsent(key(output), output);
                }
            }
        }
        return new ArrayList<>(byVersion.values());
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
