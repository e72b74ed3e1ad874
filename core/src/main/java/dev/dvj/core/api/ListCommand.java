package dev.dvj.core.api;

import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@code dvj ls}: the outputs dvj tracks, in the workspace or at a revision. */
public final class ListCommand {
    private final Repository repository;

    public ListCommand(Repository repository) {
        this.repository = repository;
    }

    public record Listed(String path, String pointer, String oid, Long size, Integer nfiles, String desc) {
    }

    public record Result(String rev, List<Listed> outputs) {
    }

    public Result run(String rev) {
        Outputs outputs = new Outputs(repository);
        Collection<TrackedOutput> tracked = rev == null ? outputs.all() : outputs.atRevision(rev).values();
        List<Listed> listed = new ArrayList<>();
        for (TrackedOutput output : tracked) {
            Pointer p = output.pointer();
            listed.add(new Listed(output.dataPath(), output.pointerPath(), p.oid() == null ? null : p.oid().toString(),
                    p.size(), p.nfiles(), p.desc()));
        }
        listed.sort((a, b) -> a.path().compareTo(b.path()));
        return new Result(rev == null ? null : repository.scm().resolve(rev), listed);
    }
}
