package dev.dvj.core.workspace;

import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.tree.PathOrder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pointer file and the data it describes, both as repository-relative POSIX paths. A pipeline
 * stage's output has {@code dvj.lock} as its pointer.
 *
 * @param within for a directory that a command works on only in part (a pull of one file or
 *               folder in it): those paths inside it, relative to it; null for the whole output
 */
public record TrackedOutput(String pointerPath, String dataPath, Pointer pointer, List<String> within) {

    public TrackedOutput(String pointerPath, String dataPath, Pointer pointer) {
        this(pointerPath, dataPath, pointer, null);
    }

    public TrackedOutput {
        within = within == null ? null : List.copyOf(within);
    }

    /** True for an output a pipeline stage writes, recorded in {@code dvj.lock}, not in a pointer file. */
    public boolean fromPipeline() {
        return pointerPath.equals(LockFile.FILE);
    }

    /** True when only part of this directory is asked for. */
    public boolean partial() {
        return within != null;
    }

    /** The same output, narrowed to a file or folder inside it (added to those already asked for). */
    public TrackedOutput narrowedTo(String pathInside) {
        Set<String> paths = new LinkedHashSet<>(within == null ? List.of() : within);
        paths.add(pathInside);
        return new TrackedOutput(pointerPath, dataPath, pointer, new ArrayList<>(paths));
    }

    /** The same output as a whole. */
    public TrackedOutput whole() {
        return new TrackedOutput(pointerPath, dataPath, pointer, null);
    }

    /**
     * The manifest's entries this output asks for: all of them, or those at or below a path in
     * {@link #within}, in manifest order.
     */
    public List<ManifestEntry> entriesIn(Manifest manifest) {
        if (within == null) {
            return manifest.entries();
        }
        java.util.SortedMap<String, ManifestEntry> selected = new java.util.TreeMap<>(PathOrder.UTF8);
        for (String path : within) {
            for (ManifestEntry entry : at(manifest, path)) {
                selected.put(entry.path(), entry);
            }
        }
        return new ArrayList<>(selected.values());
    }

    /**
     * The entries at {@code path} or below it. Entries are in UTF-8 byte order, where the file
     * itself and the run of names starting with "path/" are each found by a binary search (a
     * manifest can list a million files).
     */
    private static List<ManifestEntry> at(Manifest manifest, String path) {
        List<ManifestEntry> entries = manifest.entries();
        List<ManifestEntry> found = new ArrayList<>();
        int exact = firstAtOrAfter(entries, path);
        if (exact < entries.size() && entries.get(exact).path().equals(path)) {
            found.add(entries.get(exact));
        }
        String folder = path + "/";
        for (int i = firstAtOrAfter(entries, folder); i < entries.size() && entries.get(i).path().startsWith(folder); i++) {
            found.add(entries.get(i));
        }
        return found;
    }

    private static int firstAtOrAfter(List<ManifestEntry> entries, String path) {
        int low = 0;
        int high = entries.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (PathOrder.UTF8.compare(entries.get(middle).path(), path) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The paths asked for inside this directory that the manifest has nothing at or below. */
    public List<String> absentFrom(Manifest manifest) {
        List<String> absent = new ArrayList<>();
        for (String path : within == null ? List.<String>of() : within) {
            if (at(manifest, path).isEmpty()) {
                absent.add(path);
            }
        }
        return absent;
    }

    /** Refuses a path asked for inside this directory that the manifest (this version of it) does not have. */
    public void requireIn(Manifest manifest) {
        List<String> absent = absentFrom(manifest);
        if (!absent.isEmpty()) {
            throw dev.dvj.core.DvjException.invalid("'" + dataPath + "/" + absent.get(0) + "' is not in " + dataPath
                    + " as " + pointerPath + " records it");
        }
    }

    /** Combines two selections of the same output version: the whole wins, else the paths add up. */
    public TrackedOutput union(TrackedOutput other) {
        if (within == null || other.within == null) {
            return whole();
        }
        TrackedOutput merged = this;
        for (String path : other.within) {
            merged = merged.narrowedTo(path);
        }
        return merged;
    }
}
