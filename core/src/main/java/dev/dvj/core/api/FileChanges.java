package dev.dvj.core.api;

import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which files inside a directory were added, modified or deleted between two manifests. */
public record FileChanges(List<String> added, List<String> modified, List<String> deleted) {

    public static FileChanges between(Manifest before, Manifest after) {
        Map<String, ManifestEntry> old = before.byPath();
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        for (ManifestEntry entry : after.entries()) {
            ManifestEntry previous = old.remove(entry.path());
            if (previous == null) {
                added.add(entry.path());
            } else if (!previous.oid().equals(entry.oid()) || previous.executable() != entry.executable()) {
                modified.add(entry.path());
            }
        }
        return new FileChanges(added, modified, new ArrayList<>(old.keySet()));
    }

    public int count() {
        return added.size() + modified.size() + deleted.size();
    }
}
