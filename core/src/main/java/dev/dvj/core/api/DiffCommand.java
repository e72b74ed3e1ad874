package dev.dvj.core.api;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.profile.SchemaChange;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;
import dev.dvj.core.workspace.TrackedOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code dvj diff}: data added, modified and deleted between two revisions, or between a revision
 * and the workspace's actual data, down to the files inside tracked directories.
 */
public final class DiffCommand {
    private final Repository repository;
    private boolean schema;

    public DiffCommand(Repository repository) {
        this.repository = repository;
    }

    public enum Change {
        ADDED, MODIFIED, DELETED
    }

    /**
     * One changed path; for files inside a directory, the path includes the directory.
     *
     * @param schema with {@code --schema}, how a profiled table's columns, rows and completeness
     *               changed; null otherwise
     */
    public record Entry(String path, Change change, boolean directory, String oldOid, String newOid, Long oldSize,
                        Long newSize, SchemaChange schema) {
    }

    /** @param to "workspace" or the revision compared against */
    public record Result(String from, String to, List<Entry> entries) {
    }

    /** An output's content on one side of the comparison; manifest is null when not available. */
    private record Side(ObjectId oid, long size, Manifest manifest, Profile profile) {
    }

    public Result run(String revA, String revB) {
        return run(revA, revB, false);
    }

    /** @param schema also compare the schema and quality profiles of tabular files */
    public Result run(String revA, String revB, boolean schema) {
        this.schema = schema;
        String from = revA == null ? "HEAD" : revA;
        try {
            // Before the first commit there is no HEAD: everything in the workspace is new, as
            // 'git diff' and params/metrics diff have it.
            boolean unbornHead = revA == null && repository.scm().isGit() && !repository.scm().hasCommits();
            Map<String, Side> before = unbornHead ? Map.of() : atRevision(from);
            Map<String, Side> after = revB == null ? workspace() : atRevision(revB);
            List<Entry> entries = new ArrayList<>();
            TreeSet<String> paths = new TreeSet<>(before.keySet());
            paths.addAll(after.keySet());
            for (String path : paths) {
                compare(path, before.get(path), after.get(path), entries);
            }
            return new Result(from, revB == null ? "workspace" : revB, entries);
        } finally {
            repository.flush();
        }
    }

    private void compare(String path, Side a, Side b, List<Entry> out) {
        if (a != null && b != null && a.oid.equals(b.oid)) {
            return;
        }
        if (a != null && b != null && a.manifest != null && b.manifest != null && a.oid.directory() && b.oid.directory()
                && a.manifest.entries().equals(b.manifest.entries())) {
            return; // the same files, one side recorded as one flat listing before shards
        }
        boolean dir = (a != null && a.oid.directory()) || (b != null && b.oid.directory());
        Change change = a == null ? Change.ADDED : b == null ? Change.DELETED : Change.MODIFIED;
        out.add(new Entry(dir ? path + "/" : path, change, dir, a == null ? null : a.oid.toString(),
                b == null ? null : b.oid.toString(), a == null ? null : a.size, b == null ? null : b.size,
                schema && a != null && b != null ? SchemaChange.between(a.profile, b.profile) : null));
        Manifest left = a == null ? Manifest.of(List.of()) : a.manifest;
        Manifest right = b == null ? Manifest.of(List.of()) : b.manifest;
        if (dir && left != null && right != null) {
            Map<String, ManifestEntry> old = left.byPath();
            Map<String, ManifestEntry> now = right.byPath();
            TreeSet<String> files = new TreeSet<>(old.keySet());
            files.addAll(now.keySet());
            for (String file : files) {
                ManifestEntry x = old.get(file);
                ManifestEntry y = now.get(file);
                if (x != null && y != null && x.oid().equals(y.oid())) {
                    continue;
                }
                out.add(new Entry(path + "/" + file, x == null ? Change.ADDED : y == null ? Change.DELETED : Change.MODIFIED,
                        false, x == null ? null : x.oid().toString(), y == null ? null : y.oid().toString(),
                        x == null ? null : x.size(), y == null ? null : y.size(), null));
            }
        }
    }

    private Map<String, Side> atRevision(String rev) {
        Map<String, Side> sides = new TreeMap<>();
        for (TrackedOutput output : new Outputs(repository).atRevision(rev).values()) {
            if (output.pointer().oid() != null) {
                ObjectId oid = output.pointer().oid();
                sides.put(output.dataPath(), new Side(oid, output.pointer().size(),
                        repository.cache().manifestOrNull(oid), DataProfiles.lookup(repository, output.pointer().meta()).profile()));
            }
        }
        return sides;
    }

    /** The recorded profile when the workspace holds the recorded data, else (with --schema) a fresh one. */
    private Profile profile(TrackedOutput output, Snapshot now) {
        if (now.sameAs(output.pointer().oid())) {
            return DataProfiles.lookup(repository, output.pointer().meta()).profile();
        }
        return schema ? DataProfiles.profileOf(repository, output.dataPath(), now) : null;
    }

    private Map<String, Side> workspace() {
        Map<String, Side> sides = new TreeMap<>();
        ContentHasher hasher = new ContentHasher(repository);
        for (TrackedOutput output : new Outputs(repository).all()) {
            Snapshot now = hasher.snapshot(repository.resolve(output.dataPath()), false);
            if (now != null) {
                sides.put(output.dataPath(), new Side(now.oid(), now.size(), now.manifest(), profile(output, now)));
            }
        }
        return sides;
    }
}
