package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.tree.Manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Manifests of directories placed only in part ({@code .dvj/tmp/manifests/<id>}), kept outside
 * the cache: a manifest in the cache means every file it lists is there too, which is not so
 * after a pull of one file. Kept here, a later checkout of a path inside such a directory can
 * name its files without the remote. Each is checked against its id when read; a damaged or
 * missing one is simply not known.
 */
public final class KnownManifests {
    private final Path folder;

    KnownManifests(Path folder) {
        this.folder = folder;
    }

    /** The manifest stored under this id, or null. */
    public Manifest get(ObjectId id) {
        try {
            // Kept as one flat listing (shards and all), so checked by what it lists, in either form.
            Manifest manifest = Manifest.parse(Files.readAllBytes(folder.resolve(id.toString())), id.toString());
            return manifest.hasId(id) ? manifest : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // only a convenience: the remote still has it
        }
    }

    /** Keeps a manifest under the id it was recorded with; failures to write are not errors. */
    public void keep(ObjectId id, Manifest manifest) {
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(folder.resolve(id.toString()), manifest.flatBytes());
        } catch (IOException e) {
            // Only a convenience, as above.
        }
    }

    /** Forgets a manifest the cache now holds. */
    public void forget(ObjectId id) {
        try {
            Files.deleteIfExists(folder.resolve(id.toString()));
        } catch (IOException e) {
            // Left for the next time.
        }
    }
}
