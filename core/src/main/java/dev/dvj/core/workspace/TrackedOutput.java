package dev.dvj.core.workspace;

import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;

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
     * {@link #within}.
     */
    public List<ManifestEntry> entriesIn(Manifest manifest) {
        if (within == null) {
            return manifest.entries();
        }
        List<ManifestEntry> selected = new ArrayList<>();
        for (ManifestEntry entry : manifest.entries()) {
            for (String path : within) {
                if (entry.path().equals(path) || entry.path().startsWith(path + "/")) {
                    selected.add(entry);
                    break;
                }
            }
        }
        return selected;
    }

    /** The paths asked for inside this directory that the manifest has nothing at or below. */
    public List<String> absentFrom(Manifest manifest) {
        List<String> absent = new ArrayList<>();
        for (String path : within == null ? List.<String>of() : within) {
            boolean found = false;
            for (ManifestEntry entry : manifest.entries()) {
                if (entry.path().equals(path) || entry.path().startsWith(path + "/")) {
                    found = true;
                    break;
                }
            }
            if (!found) {
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
