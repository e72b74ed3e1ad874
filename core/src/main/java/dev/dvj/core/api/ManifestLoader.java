package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.io.InputStream;

/** Reads directory manifests from the cache. */
final class ManifestLoader {
    private ManifestLoader() {
    }

    /** The manifest, or null when it is not in the cache. */
    static Manifest loadOrNull(Repository repository, ObjectId oid) {
        if (oid == null || !oid.directory() || !repository.cache().has(oid)) {
            return null;
        }
        return load(repository, oid);
    }

    static Manifest load(Repository repository, ObjectId oid) {
        try (InputStream in = repository.cache().open(oid)) {
            return Manifest.parse(in.readAllBytes(), oid.toString());
        } catch (IOException e) {
            throw DvjException.data("cannot read manifest " + oid + ": " + e.getMessage(), e);
        }
    }
}
