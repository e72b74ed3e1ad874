package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.InputLimits;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.pointer.StageLock;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Finds and reads the pointer files of a workspace, or of a revision in Git. */
public final class Outputs {
    private final Repository repository;

    public Outputs(Repository repository) {
        this.repository = repository;
    }

    /**
     * Every pointer in the workspace. The walk does not descend into tracked output folders (a
     * sibling {@code NAME.dvj} exists), {@code .git}, {@code .dvj} or ignored folders, so a large
     * data set is never walked just to find pointers.
     */
    public List<TrackedOutput> all() {
        List<Path> pointers = new ArrayList<>();
        try {
            Files.walkFileTree(repository.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(repository.root())) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (name.equals(".git") || name.equals(Repository.DVJ_DIR)
                            || Files.exists(dir.resolveSibling(name + PointerFormat.SUFFIX))
                            || repository.ignore().isIgnored(repository.relative(dir), true)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(PointerFormat.SUFFIX)) {
                        pointers.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw DvjException.data("cannot scan " + repository.root() + ": " + e.getMessage(), e);
        }
        List<TrackedOutput> outputs = new ArrayList<>();
        for (Path pointer : pointers) {
            outputs.add(read(pointer));
        }
        outputs.addAll(pipelineOutputs(readLock()));
        outputs.sort((a, b) -> a.dataPath().compareTo(b.dataPath()));
        return outputs;
    }

    /**
     * The outputs a user named: each target is a data path or its pointer; none means all.
     * Naming something that is not tracked is invalid input.
     */
    public List<TrackedOutput> select(Collection<Path> targets) {
        if (targets == null || targets.isEmpty()) {
            return all();
        }
        Map<String, TrackedOutput> selected = new LinkedHashMap<>();
        for (Path target : targets) {
            TrackedOutput output = forTarget(target);
            selected.put(key(output), output);
        }
        return new ArrayList<>(selected.values());
    }

    /**
     * As {@link #select}, but a target may also be a file or folder inside a tracked directory:
     * that directory comes narrowed to it ({@link TrackedOutput#within}), as pull, fetch and
     * checkout take it.
     */
    public List<TrackedOutput> selectReaching(Collection<Path> targets) {
        if (targets == null || targets.isEmpty()) {
            return all();
        }
        Map<String, TrackedOutput> selected = new LinkedHashMap<>();
        for (Path target : targets) {
            TrackedOutput enclosing = Files.isRegularFile(pointerFor(target)) ? null : enclosing(target);
            TrackedOutput output = enclosing != null ? enclosing : forTarget(target);
            selected.merge(key(output), output, TrackedOutput::union);
        }
        return new ArrayList<>(selected.values());
    }

    /** Pipeline outputs share dvj.lock as their pointer: the data path tells them apart. */
    private static String key(TrackedOutput output) {
        return output.pointerPath() + ":" + output.dataPath();
    }

    public TrackedOutput forTarget(Path target) {
        Path pointer = pointerFor(target);
        if (!Files.isRegularFile(pointer)) {
            String dataPath = repository.relative(target);
            for (TrackedOutput output : pipelineOutputs(readLock())) {
                if (output.dataPath().equals(dataPath)) {
                    return output;
                }
            }
            TrackedOutput enclosing = enclosing(target);
            if (enclosing != null) {
                throw DvjException.invalid("'" + dataPath + "' is inside " + enclosing.dataPath()
                        + ", which dvj tracks as a whole: name " + enclosing.dataPath()
                        + " (pull, fetch and checkout also take a path inside it)");
            }
            throw DvjException.invalid("'" + repository.relative(target) + "' is not tracked by dvj (no "
                    + repository.relative(pointer) + ")");
        }
        return read(pointer);
    }

    /**
     * The tracked directory a path lies inside (its pointer in a folder above, or a stage's
     * directory output), narrowed to that path; null when no tracked directory holds it.
     */
    public TrackedOutput enclosing(Path target) {
        String relative = repository.relative(target);
        List<TrackedOutput> stageOutputs = null;
        for (int slash = relative.lastIndexOf('/'); slash > 0; slash = relative.lastIndexOf('/', slash - 1)) {
            String ancestor = relative.substring(0, slash);
            TrackedOutput output = null;
            Path pointer = pointerFor(repository.resolve(ancestor));
            if (Files.isRegularFile(pointer)) {
                output = read(pointer);
            } else {
                stageOutputs = stageOutputs != null ? stageOutputs : pipelineOutputs(readLock());
                for (TrackedOutput stageOutput : stageOutputs) {
                    if (stageOutput.dataPath().equals(ancestor)) {
                        output = stageOutput;
                    }
                }
            }
            if (output != null) {
                return output.pointer().isDirectory() ? output.narrowedTo(relative.substring(slash + 1)) : null;
            }
        }
        return null;
    }

    /** The pointer path for a data path (or the path itself when it already is one). */
    public static Path pointerFor(Path target) {
        String name = target.getFileName().toString();
        return name.endsWith(PointerFormat.SUFFIX) ? target : target.resolveSibling(name + PointerFormat.SUFFIX);
    }

    public TrackedOutput read(Path pointerFile) {
        String pointerPath = repository.relative(pointerFile);
        byte[] bytes;
        try {
            bytes = InputLimits.read(pointerFile, InputLimits.YAML_FILE, pointerPath);
        } catch (NoSuchFileException e) {
            throw DvjException.invalid(pointerPath + ": no such pointer file");
        } catch (IOException e) {
            throw DvjException.data(pointerPath + ": cannot read: " + e.getMessage(), e);
        }
        return parse(pointerPath, bytes);
    }

    /**
     * Every output as committed at a revision, keyed by pointer path (for a pipeline output, which
     * has no pointer of its own, by {@code dvj.lock:<path>}).
     */
    public Map<String, TrackedOutput> atRevision(String rev) {
        Map<String, TrackedOutput> outputs = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : repository.scm().filesAt(rev, PointerFormat.SUFFIX).entrySet()) {
            TrackedOutput output = parse(file.getKey(), file.getValue());
            outputs.put(output.pointerPath(), output);
        }
        byte[] lock = repository.scm().readAt(rev, LockFile.FILE).orElse(null);
        for (TrackedOutput output : pipelineOutputs(lock == null ? Map.of() : LockFile.parse(lock))) {
            outputs.put(output.pointerPath() + ":" + output.dataPath(), output);
        }
        return outputs;
    }

    /** {@code dvj.lock} in the workspace, by stage; empty when there is none. */
    public Map<String, StageLock> readLock() {
        Path lock = repository.resolve(LockFile.FILE);
        try {
            return LockFile.parse(InputLimits.read(lock, InputLimits.LOCK_FILE, LockFile.FILE));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw DvjException.data(LockFile.FILE + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The cached outputs a pipeline's lock records, as outputs whose pointer is {@code dvj.lock}:
     * so push, pull, checkout, status and gc treat them like added data. Outputs with
     * {@code cache: false} are recorded without being cached and belong to Git.
     */
    public static List<TrackedOutput> pipelineOutputs(Map<String, StageLock> lock) {
        List<TrackedOutput> outputs = new ArrayList<>();
        for (StageLock stage : lock.values()) {
            for (StageLock.LockedPath out : stage.outs()) {
                if (out.cached() && out.oid() != null) {
                    ObjectId oid = ObjectId.parseOrNull(out.oid());
                    if (oid != null) {
                        String name = out.path().substring(out.path().lastIndexOf('/') + 1);
                        outputs.add(new TrackedOutput(LockFile.FILE, out.path(), new Pointer(name, HashAlgorithm.SHA256,
                                oid, out.size(), out.nfiles(), null, Map.of())));
                    }
                }
            }
        }
        return outputs;
    }

    /** Parses pointer bytes found at a repository-relative path. */
    public static TrackedOutput parse(String pointerPath, byte[] bytes) {
        Pointer pointer = PointerFormat.read(bytes, pointerPath);
        int slash = pointerPath.lastIndexOf('/');
        String folder = slash < 0 ? "" : pointerPath.substring(0, slash + 1);
        return new TrackedOutput(pointerPath, folder + pointer.path(), pointer);
    }
}
