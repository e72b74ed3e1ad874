package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.imports.SourceData;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.tree.ManifestEntry;
import java.nio.file.Path;

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

    /**
     * {@code dvj ls URL [PATH]}: what another repository tracks at {@code rev} (else its HEAD);
     * with {@code path}, the outputs at or under it, or, for a tracked directory or a folder inside
     * one, its files (from its manifest, read from the source's cache or remote).
     */
    public static Result remote(String url, String path, String rev, Path scratch, SystemEnv env) {
        try (SourceRepository source = SourceRepository.open(url, rev, scratch, env)) {
            List<Listed> listed = new ArrayList<>();
            String prefix = path == null ? null : path.replaceAll("/+$", "");
            boolean inside = false;
            for (TrackedOutput output : source.outputs().values()) {
                String data = output.dataPath();
                if (prefix != null && output.pointer().isDirectory()
                        && (data.equals(prefix) || prefix.startsWith(data + "/"))) {
                    inside = true;
                    SourceData found = source.data(data.equals(prefix) ? output : output.narrowedTo(prefix.substring(data.length() + 1)));
                    if (!found.isDirectory()) {
                        listed.add(new Listed(found.path(), null, found.oid().toString(), found.size(), null, null));
                        continue;
                    }
                    for (ManifestEntry entry : found.directory().entries()) {
                        listed.add(new Listed(found.path() + "/" + entry.path(), null, entry.oid().toString(), entry.size(), null, null));
                    }
                } else if (prefix == null || data.equals(prefix) || data.startsWith(prefix + "/")) {
                    Pointer p = output.pointer();
                    listed.add(new Listed(data, output.pointerPath(), p.oid() == null ? null : p.oid().toString(), p.size(),
                            p.nfiles(), p.desc()));
                }
            }
            if (prefix != null && listed.isEmpty() && !inside) {
                throw DvjException.invalid(url + " does not track '" + path + "' at " + source.commit().substring(0, 8));
            }
            listed.sort((a, b) -> a.path().compareTo(b.path()));
            return new Result(source.commit(), listed);
        }
    }
}
