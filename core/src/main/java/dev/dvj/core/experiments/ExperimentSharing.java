package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.api.OutputSelection;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.scm.GitObjects;
import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code dvj exp push} and {@code exp pull}: experiments travel as their refs through a Git
 * remote and as their data through a dvj remote. Push sends the data first, so a ref on the Git
 * remote never names data its dvj remote lacks; pull fetches the refs, then their data.
 */
public final class ExperimentSharing {
    private final Repository repository;
    private final ExperimentStore store;

    public ExperimentSharing(Repository repository) {
        this.repository = repository;
        this.store = new ExperimentStore(repository);
    }

    /** @param experiments the names moved */
    public record Result(List<String> experiments, Transfer.Result data) {
    }

    /** Pushes the named experiments (none: all of them) and their data. */
    public Result push(String gitRemote, List<String> names, Transfer data) {
        List<Experiment> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            chosen.addAll(store.list());
        } else {
            names.forEach(name -> chosen.add(store.find(name)));
        }
        if (chosen.isEmpty()) {
            return new Result(List.of(), new Transfer.Result(0, 0, 0, List.of(), 0));
        }
        Transfer.Result sent = data.push(outputs(chosen));
        if (!sent.missing().isEmpty()) {
            throw DvjException.data(sent.missing().size() + " object(s) of these experiments are not in the cache, e.g. "
                    + sent.missing().get(0) + ": their refs were not pushed");
        }
        store.git().pushRefs(gitRemote, chosen.stream().map(e -> ExperimentStore.ref(e.name())).toList());
        return new Result(chosen.stream().map(Experiment::name).toList(), sent);
    }

    /** Fetches the named experiments' refs (none: all the remote has), then their data into the cache. */
    public Result pull(String gitRemote, List<String> names, Transfer data) {
        List<String> specs = new ArrayList<>();
        if (names.isEmpty()) {
            specs.add("+" + GitObjects.EXPERIMENTS + "*:" + GitObjects.EXPERIMENTS + "*");
        } else {
            for (String name : names) {
                if (!GitObjects.isPlainRefName(name)) {
                    throw DvjException.invalid("'" + name + "' cannot name an experiment");
                }
                specs.add("+" + ExperimentStore.ref(name) + ":" + ExperimentStore.ref(name));
            }
        }
        store.git().fetchRefs(gitRemote, specs);
        List<Experiment> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            chosen.addAll(store.list());
        } else {
            names.forEach(name -> chosen.add(store.find(name)));
        }
        Transfer.Result fetched = chosen.isEmpty() ? new Transfer.Result(0, 0, 0, List.of(), 0) : data.fetch(outputs(chosen));
        return new Result(chosen.stream().map(Experiment::name).toList(), fetched);
    }

    private List<TrackedOutput> outputs(List<Experiment> experiments) {
        List<String> commits = experiments.stream().map(Experiment::commit).toList();
        return new OutputSelection(List.of(), false, commits, EnumSet.noneOf(HistoryScope.class)).resolve(repository);
    }
}
