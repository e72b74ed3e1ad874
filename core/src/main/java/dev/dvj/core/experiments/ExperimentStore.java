package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.scm.GitObjects;
import dev.dvj.core.scm.GitScm;
import dev.dvj.core.workspace.Repository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The experiments of a repository: commits named by refs under {@code refs/exps/}. */
public final class ExperimentStore {
    private final GitObjects git;

    public ExperimentStore(Repository repository) {
        if (!(repository.scm() instanceof GitScm gitScm)) {
            throw DvjException.invalid("experiments are recorded as Git commits; this repository has no Git (--no-scm)");
        }
        this.git = gitScm.objects();
    }

    GitObjects git() {
        return git;
    }

    static String ref(String name) {
        return GitObjects.EXPERIMENTS + name;
    }

    /** Every experiment, oldest first (then by name). Refs under refs/exps/ that dvj did not write are skipped. */
    public List<Experiment> list() {
        List<Experiment> experiments = new ArrayList<>();
        for (Map.Entry<String, String> ref : git.refs(GitObjects.EXPERIMENTS).entrySet()) {
            Experiment experiment = read(ref.getValue());
            if (experiment != null && experiment.name().equals(ref.getKey())) {
                experiments.add(experiment);
            }
        }
        experiments.sort(Comparator.comparing(Experiment::created).thenComparing(Experiment::name));
        return experiments;
    }

    /** The experiment of that name; an unknown name is invalid input. */
    public Experiment find(String name) {
        String commit = git.refs(GitObjects.EXPERIMENTS).get(name);
        Experiment experiment = commit == null ? null : read(commit);
        if (experiment == null) {
            throw DvjException.invalid("no experiment named '" + name + "' (see 'dvj exp show')");
        }
        return experiment;
    }

    private Experiment read(String commit) {
        GitObjects.CommitRecord record = git.read(commit);
        return record.parent() == null ? null : Experiment.parse(record.id(), record.parent(), record.message());
    }

    /**
     * Commits {@code tree} as the experiment (parent: its base) and points its ref at the commit,
     * atomically; {@code previous} is the commit the ref must still name (null: a new experiment).
     */
    Experiment save(Experiment experiment, String tree, String previous) {
        String commit = git.commit(tree, experiment.base(), experiment.message());
        git.setRef(ref(experiment.name()), commit, previous);
        return experiment.withCommit(commit);
    }

    /** Deletes the experiment's ref; its commit becomes garbage for Git's gc. */
    public void remove(String name) {
        if (!git.deleteRef(ref(name))) {
            throw DvjException.invalid("no experiment named '" + name + "' (see 'dvj exp show')");
        }
    }

    /** Creates Git branch {@code branch} at the experiment's commit; an existing branch is refused. */
    public Experiment branch(String name, String branch) {
        Experiment experiment = find(name);
        if (!GitObjects.isValidRefName("refs/heads/" + branch)) {
            throw DvjException.invalid("'" + branch + "' is not a valid branch name");
        }
        if (git.refs("refs/heads/").containsKey(branch)) {
            throw DvjException.invalid("branch '" + branch + "' exists already");
        }
        git.setRef("refs/heads/" + branch, experiment.commit(), null);
        return experiment;
    }
}
