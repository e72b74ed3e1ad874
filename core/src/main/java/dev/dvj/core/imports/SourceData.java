package dev.dvj.core.imports;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a path of another repository names, once its objects are in a database: one file (its id,
 * size and exec bit), or a directory (its files, relative to it). A path inside a tracked
 * directory is re-rooted there, so importing {@code images/cat} of a tracked {@code images} gives a
 * directory of its own, with a manifest (and id) of its own.
 */
public record SourceData(String path, ManifestEntry file, Manifest directory) {

    /** Reads the manifest of an output's directory (for a narrowed one, at least the part it needs). */
    @FunctionalInterface
    public interface ManifestReader {
        java.util.Optional<Manifest> read(TrackedOutput output) throws IOException;
    }

    public boolean isDirectory() {
        return directory != null;
    }

    public ObjectId oid() {
        return isDirectory() ? directory.id() : file.oid();
    }

    public long size() {
        return isDirectory() ? directory.totalSize() : file.size();
    }

    /**
     * Resolves {@code output} (whole, or narrowed to one path inside a directory) with its
     * directory's manifest as {@code manifests} reads it: a data error naming the source when the
     * path is absent.
     */
    public static SourceData of(TrackedOutput output, ManifestReader manifests, String source) {
        if (output.pointer().oid() == null) {
            throw DvjException.invalid(source + ": '" + output.dataPath() + "' has no recorded version");
        }
        if (!output.pointer().isDirectory()) {
            return new SourceData(output.dataPath(), new ManifestEntry("", output.pointer().oid(), output.pointer().size(),
                    output.pointer().executable()), null);
        }
        Manifest manifest;
        try {
            manifest = manifests.read(output).orElseThrow(() -> DvjException.data(source
                    + ": the listing of '" + output.dataPath() + "' (" + output.pointer().oid().shortHex() + ") is missing"));
        } catch (IOException e) {
            throw DvjException.data(source + ": cannot read the listing of '" + output.dataPath() + "': " + e.getMessage(), e);
        }
        if (output.within() == null || output.within().isEmpty()) {
            return new SourceData(output.dataPath(), null, manifest);
        }
        String inside = output.within().get(0);
        List<ManifestEntry> found = output.entriesIn(manifest);
        if (found.isEmpty()) {
            throw DvjException.invalid(source + " does not track '" + output.dataPath() + "/" + inside + "'");
        }
        if (found.size() == 1 && found.get(0).path().equals(inside)) {
            ManifestEntry entry = found.get(0);
            return new SourceData(output.dataPath() + "/" + inside, new ManifestEntry("", entry.oid(), entry.size(), entry.executable()), null);
        }
        List<ManifestEntry> rerooted = new ArrayList<>(found.size());
        for (ManifestEntry entry : found) {
            rerooted.add(new ManifestEntry(entry.path().substring(inside.length() + 1), entry.oid(), entry.size(), entry.executable()));
        }
        return new SourceData(output.dataPath() + "/" + inside, null, Manifest.of(rerooted));
    }
}
