package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.imports.SourceData;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pointer.ImportSource;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code dvj import} and {@code dvj update}: data from another dvj repository, brought into this
 * one with its origin recorded in the pointer ({@code source:} url, path, rev, commit). The objects
 * go into this repository's cache, so the imported data is pushed to this repository's remote like
 * any other; {@code update} moves an import to its source's newer version.
 */
public final class ImportCommand {
    private final Repository repository;
    private Progress progress = Progress.NONE;

    public ImportCommand(Repository repository) {
        this.repository = repository;
    }

    public ImportCommand withProgress(Progress reporter) {
        this.progress = reporter;
        return this;
    }

    /**
     * @param changed false when {@code update} found the source's version already here
     */
    public record Result(String path, String pointer, String url, String source, String rev, String commit, String oid,
                         long size, Integer nfiles, boolean changed) {
    }

    /**
     * Imports {@code path} of the repository at {@code url} (at {@code rev}, else its HEAD) to
     * {@code out}. Refused, with nothing written, when {@code out} or its pointer exists (unless
     * {@code force}), lies inside another tracked output, or the source does not track the path.
     * A relative path as {@code url} is relative to {@code base} (the folder dvj runs in), and is
     * recorded relative to the repository's root, so that {@code update} finds it from anywhere.
     */
    public Result run(String url, Path base, String path, String rev, Path out, boolean force) {
        String location = url;
        if (SourceRepository.isRelativePath(url)) {
            location = repository.root().relativize(base.resolve(url).toAbsolutePath().normalize()).toString().replace('\\', '/');
            if (location.isEmpty()) {
                location = ".";
            }
        }
        return run(location, path, rev, out, force);
    }

    private Result run(String url, String path, String rev, Path out, boolean force) {
        String dataPath = repository.relative(out);
        repository.boundary().writable(dataPath);
        String pointerPath = dataPath + PointerFormat.SUFFIX;
        if (!force && (Files.exists(out, LinkOption.NOFOLLOW_LINKS) || Files.exists(repository.resolve(pointerPath)))) {
            throw DvjException.invalid(dataPath + " already exists (use --force to replace it with the import)");
        }
        TrackedOutput enclosing = new Outputs(repository).enclosing(out);
        if (enclosing != null && !enclosing.dataPath().equals(dataPath)) {
            throw DvjException.invalid(dataPath + " is inside " + enclosing.dataPath() + ", which " + enclosing.pointerPath()
                    + " already tracks");
        }
        // As add does: a stage's output, data Git tracks, or a pointer Git ignores is refused before anything is written.
        dev.dvj.core.pipeline.OutputOwnership.requireNotOwnedByPipeline(repository, dataPath);
        PointerWriter.requireCommittable(repository, dataPath);
        try (SourceRepository source = open(url, rev)) {
            return bring(source, source.find(path), dataPath, rev, null, force);
        }
    }

    /**
     * Moves imports to their source's version at {@code rev} (else the revision each recorded, or
     * its HEAD when none was): all imports when {@code targets} is empty. A source whose revision is
     * gone, or that no longer tracks the path, is an error naming the import, whose pointer is
     * left as it was.
     */
    public List<Result> update(List<Path> targets, String rev) {
        Outputs outputs = new Outputs(repository);
        List<TrackedOutput> imports = new ArrayList<>();
        for (TrackedOutput output : targets.isEmpty() ? outputs.all() : outputs.select(targets)) {
            if (output.pointer().source() != null) {
                imports.add(output);
            } else if (!targets.isEmpty()) {
                throw DvjException.invalid(output.pointerPath() + " is not an import (it has no source: to update)");
            }
        }
        List<Result> results = new ArrayList<>();
        for (TrackedOutput output : imports) {
            ImportSource recorded = output.pointer().source();
            String wanted = rev != null ? rev : recorded.rev();
            SourceRepository source;
            try {
                source = open(recorded.url(), wanted);
            } catch (DvjException e) {
                throw new DvjException(e.kind(), output.pointerPath() + ": " + e.getMessage() + "; the import was left as it was", e);
            }
            try (source) {
                TrackedOutput there;
                try {
                    there = source.find(recorded.path());
                } catch (DvjException e) {
                    throw new DvjException(e.kind(), output.pointerPath() + ": " + e.getMessage() + "; the import was left as it was", e);
                }
                results.add(bring(source, there, output.dataPath(), wanted, output.pointer(), false));
            }
        }
        return results;
    }

    /**
     * Fetches what {@code there} names into this repository's cache, records it in a pointer at
     * {@code dataPath} with its source, and checks it out.
     *
     * @param current the import's pointer as it is, or null for a new import
     * @param force   overwrite what is at {@code dataPath} (an import with --force); an update never
     *                overwrites unsaved changes to the imported data
     */
    private Result bring(SourceRepository source, TrackedOutput there, String dataPath, String rev, Pointer current, boolean force) {
        SourceData data = source.data(there);
        ImportSource origin = new ImportSource(source.url(), data.path(), rev, source.commit());
        String pointerPath = dataPath + PointerFormat.SUFFIX;
        if (current != null && Objects.equals(current.oid(), data.oid()) && origin.equals(current.source())) {
            return result(pointerPath, dataPath, current, false);
        }
        source.fetchInto(repository.objects(), List.of(there), repository.jobs(), progress);
        if (data.isDirectory()) {
            try {
                data.directory().store((bytes, directory) -> repository.cache().insert(bytes, directory));
            } catch (IOException e) {
                throw DvjException.data("cannot store the listing of " + dataPath + " in the cache: " + e.getMessage(), e);
            }
        }
        Pointer pointer = new Pointer(repository.resolve(dataPath).getFileName().toString(), HashAlgorithm.SHA256, data.oid(),
                data.size(), data.isDirectory() ? data.directory().entries().size() : null,
                current == null ? null : current.desc(), current == null ? Map.of() : current.meta(),
                !data.isDirectory() && data.file().executable(), origin);
        writePointer(dataPath, pointer);
        try {
            new CheckoutCommand(repository).run(List.of(repository.resolve(dataPath)), null, force);
        } catch (DvjException e) {
            // Refused (unsaved changes to the imported data) or failed: the pointer goes back to what
            // the workspace holds, so nothing says a version is here that is not.
            if (current != null) {
                writePointer(dataPath, current);
            }
            throw e;
        }
        return result(pointerPath, dataPath, pointer, true);
    }

    private void writePointer(String dataPath, Pointer pointer) {
        try (RepositoryLock lock = repository.lock()) {
            repository.scm().stage(PointerWriter.write(repository, dataPath, pointer));
        }
    }

    private static Result result(String pointerPath, String dataPath, Pointer pointer, boolean changed) {
        ImportSource source = pointer.source();
        return new Result(dataPath, pointerPath, source.url(), source.path(), source.rev(), source.commit(),
                pointer.oid().toString(), pointer.size(), pointer.nfiles(), changed);
    }

    /** Opens a source as recorded: a relative path is relative to this repository's root. */
    private SourceRepository open(String recordedUrl, String rev) {
        SourceRepository source = SourceRepository.open(SourceRepository.against(recordedUrl, repository.root()), rev,
                scratch(repository), repository.env());
        return source.recordedAs(recordedUrl);
    }

    /** Where sources are cloned: inside this repository's own temp folder. */
    static Path scratch(Repository repository) {
        return repository.dvjDir().resolve("tmp").resolve("sources");
    }
}
