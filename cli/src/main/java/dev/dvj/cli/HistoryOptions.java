package dev.dvj.cli;

import dev.dvj.core.api.OutputSelection;
import dev.dvj.core.scm.HistoryScope;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which revisions besides the workspace a command covers: push, fetch and gc share these. */
public final class HistoryOptions {
    @Option(names = "--rev", paramLabel = "REV", description = "Also the pointers at this revision (repeatable).")
    List<String> revisions = new ArrayList<>();

    @Option(names = {"-a", "--all-branches"}, description = "Also the pointers at the tip of every branch.")
    boolean allBranches;

    @Option(names = {"-T", "--all-tags"}, description = "Also the pointers at every tag.")
    boolean allTags;

    @Option(names = {"-A", "--all-commits"}, description = "Also the pointers at every commit.")
    boolean allCommits;

    @Option(names = {"-e", "--all-experiments"}, description = "Also the pointers of every experiment (dvj exp).")
    boolean allExperiments;

    public Set<HistoryScope> scopes() {
        Set<HistoryScope> scopes = EnumSet.noneOf(HistoryScope.class);
        if (allBranches) {
            scopes.add(HistoryScope.ALL_BRANCHES);
        }
        if (allTags) {
            scopes.add(HistoryScope.ALL_TAGS);
        }
        if (allCommits) {
            scopes.add(HistoryScope.ALL_COMMITS);
        }
        if (allExperiments) {
            scopes.add(HistoryScope.ALL_EXPERIMENTS);
        }
        return scopes;
    }

    public List<String> revisions() {
        return List.copyOf(revisions);
    }

    public boolean any() {
        return !revisions.isEmpty() || allBranches || allTags || allCommits || allExperiments;
    }

    public OutputSelection selection(List<Path> targets) {
        return new OutputSelection(targets, true, List.copyOf(revisions), scopes());
    }
}
