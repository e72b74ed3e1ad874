package dev.dvj.core.scm;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Git objects and refs written directly, without touching the index, HEAD or the work tree: how
 * experiments are recorded as commits beside the user's branch (as DVC records them under
 * {@code refs/exps/}). Safe to use from several threads at once: each call has its own inserter,
 * reader and ref update.
 */
public final class GitObjects {
    /** Where experiments live: {@code refs/exps/NAME}, one commit each, whose parent is its base commit. */
    public static final String EXPERIMENTS = "refs/exps/";

    private final Repository repository;

    GitObjects(Repository repository) {
        this.repository = repository;
    }

    /** A file's bytes and kind as Git stores them. */
    public record Blob(byte[] bytes, boolean executable, boolean symlink) {
        public static Blob file(byte[] bytes) {
            return new Blob(bytes, false, false);
        }

        FileMode mode() {
            return symlink ? FileMode.SYMLINK : executable ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
        }
    }

    public static boolean isValidRefName(String ref) {
        return Repository.isValidRefName(ref);
    }

    /** True for a name that can follow {@code refs/exps/} as one path component. */
    public static boolean isPlainRefName(String name) {
        return name != null && !name.isEmpty() && name.indexOf('/') < 0 && !name.startsWith(".") && !name.startsWith("-")
                && Repository.isValidRefName(EXPERIMENTS + name);
    }

    /**
     * Writes the tree of {@code baseCommit} with {@code changes} applied (a null blob deletes the
     * path) and returns its id.
     */
    public String writeTree(String baseCommit, Map<String, Blob> changes) {
        try (ObjectReader reader = repository.newObjectReader(); ObjectInserter inserter = repository.newObjectInserter();
             RevWalk walk = new RevWalk(reader)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(ObjectId.fromString(baseCommit)).getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, Blob> change : changes.entrySet()) {
                Blob blob = change.getValue();
                if (blob == null) {
                    editor.add(new DirCacheEditor.DeletePath(change.getKey()));
                    continue;
                }
                ObjectId id = inserter.insert(Constants.OBJ_BLOB, blob.bytes());
                editor.add(new DirCacheEditor.PathEdit(change.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(blob.mode());
                        entry.setObjectId(id);
                        entry.setLength(blob.bytes().length);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree.getName();
        } catch (IOException e) {
            throw DvjException.data("cannot write a Git tree: " + e.getMessage(), e);
        }
    }

    /** Writes a commit of {@code tree} on {@code parent}, authored as Git's config names the user. */
    public String commit(String tree, String parent, String message) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            PersonIdent me = new PersonIdent(repository);
            commit.setAuthor(me);
            commit.setCommitter(me);
            commit.setTreeId(ObjectId.fromString(tree));
            commit.setParentId(ObjectId.fromString(parent));
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.getName();
        } catch (IOException e) {
            throw DvjException.data("cannot write a Git commit: " + e.getMessage(), e);
        }
    }

    /** A commit as experiments read it back. */
    public record CommitRecord(String id, String parent, String tree, String message) {
    }

    public CommitRecord read(String commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
            String parent = parsed.getParentCount() == 0 ? null : parsed.getParent(0).getName();
            return new CommitRecord(parsed.getName(), parent, parsed.getTree().getName(), parsed.getFullMessage());
        } catch (IOException e) {
            throw DvjException.data("cannot read commit " + commit + ": " + e.getMessage(), e);
        }
    }

    /** The refs under {@code prefix}, by the rest of their name, with the commits they name. */
    public Map<String, String> refs(String prefix) {
        try {
            Map<String, String> refs = new TreeMap<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(prefix)) {
                if (ref.getObjectId() != null) {
                    refs.put(ref.getName().substring(prefix.length()), ref.getObjectId().getName());
                }
            }
            return refs;
        } catch (IOException e) {
            throw DvjException.data("cannot list Git refs " + prefix + "*: " + e.getMessage(), e);
        }
    }

    /**
     * Points {@code ref} at {@code commit} in one atomic step (Git's lock file and rename, so a kill
     * leaves the old value or the new one). With {@code expected} null the ref must not exist yet;
     * otherwise it must still name {@code expected}: a concurrent change is refused, not overwritten.
     */
    public void setRef(String ref, String commit, String expected) {
        try {
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(ObjectId.fromString(commit));
            update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected));
            update.setForceUpdate(true);
            update.setRefLogMessage("dvj", false);
            RefUpdate.Result result = update.update();
            switch (result) {
                case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
                }
                default -> throw DvjException.conflict("cannot set " + ref + " (" + result + "): it changed meanwhile");
            }
        } catch (IOException e) {
            throw DvjException.data("cannot set " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pushes refs to a Git remote (a remote's name or a URL), replacing what the remote has under
     * the same names. Refuses, naming the ref, when the remote rejects one.
     */
    public void pushRefs(String remote, List<String> refs) {
        try (Git git = new Git(repository)) {
            PushCommand push = git.push().setRemote(remote);
            push.setRefSpecs(refs.stream().map(r -> new RefSpec("+" + r + ":" + r)).toList());
            for (PushResult result : push.call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    switch (update.getStatus()) {
                        case OK, UP_TO_DATE -> {
                        }
                        default -> throw new DvjException(ErrorKind.REMOTE, "Git remote " + remote
                                + " refused " + update.getRemoteName() + " (" + update.getStatus()
                                + (update.getMessage() == null ? "" : ": " + update.getMessage()) + ")");
                    }
                }
            }
        } catch (GitAPIException | JGitInternalException e) {
            throw new DvjException(ErrorKind.REMOTE, "cannot push to Git remote " + remote + ": " + e.getMessage(), e);
        }
    }

    /** Fetches refs from a Git remote by refspec ({@code +refs/exps/*:refs/exps/*}); returns the refs updated. */
    public List<String> fetchRefs(String remote, List<String> refSpecs) {
        try (Git git = new Git(repository)) {
            FetchResult result = git.fetch().setRemote(remote)
                    .setRefSpecs(refSpecs.stream().map(RefSpec::new).toList()).call();
            List<String> updated = new java.util.ArrayList<>();
            for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
                updated.add(update.getLocalName());
            }
            return updated;
        } catch (GitAPIException | JGitInternalException e) {
            throw new DvjException(ErrorKind.REMOTE, "cannot fetch from Git remote " + remote + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a ref; returns false when there was none. */
    public boolean deleteRef(String ref) {
        try {
            if (repository.exactRef(ref) == null) {
                return false;
            }
            RefUpdate update = repository.updateRef(ref);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.delete();
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw DvjException.conflict("cannot delete " + ref + " (" + result + ")");
            }
            return true;
        } catch (IOException e) {
            throw DvjException.data("cannot delete " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes every file of a commit's tree into {@code root}. {@code writable} maps each path to
     * where it may be written, refusing paths that would leave the folder (through a symlink the
     * tree itself holds, say).
     */
    public int materialize(String commit, Function<String, Path> writable) {
        int written = 0;
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository);
             ObjectReader reader = repository.newObjectReader()) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    continue; // a submodule: its content is another repository's
                }
                Path target = writable.apply(tree.getPathString());
                Files.createDirectories(target.getParent());
                byte[] bytes = reader.open(tree.getObjectId(0)).getBytes();
                if (mode == FileMode.SYMLINK) {
                    Files.createSymbolicLink(target, Path.of(new String(bytes, StandardCharsets.UTF_8)));
                } else {
                    Files.write(target, bytes);
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        setExecutable(target);
                    }
                }
                written++;
            }
            return written;
        } catch (IOException e) {
            throw DvjException.data("cannot write the files of commit " + commit + ": " + e.getMessage(), e);
        }
    }

    /** The files that differ between two commits, as the second holds them (null: not in it). */
    public Map<String, Blob> changesBetween(String from, String to) {
        Map<String, Blob> changes = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository);
             ObjectReader reader = repository.newObjectReader()) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(from)).getTree());
            tree.addTree(walk.parseCommit(ObjectId.fromString(to)).getTree());
            tree.setRecursive(true);
            tree.setFilter(TreeFilter.ANY_DIFF);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(1);
                if (mode == FileMode.MISSING) {
                    changes.put(tree.getPathString(), null);
                } else if (mode != FileMode.GITLINK) {
                    changes.put(tree.getPathString(), new Blob(reader.open(tree.getObjectId(1)).getBytes(),
                            mode == FileMode.EXECUTABLE_FILE, mode == FileMode.SYMLINK));
                }
            }
            return changes;
        } catch (IOException e) {
            throw DvjException.data("cannot compare commits " + from + " and " + to + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files Git tracks whose work-tree content differs from HEAD (null: deleted), read from
     * the work tree: what an experiment starts from besides the base commit, as DVC's does.
     * Untracked files are not included.
     */
    public Map<String, Blob> workTreeChanges() {
        Path workTree = repository.getWorkTree().toPath();
        try (Git git = new Git(repository)) {
            Status status = git.status().call();
            Set<String> changed = new TreeSet<>();
            changed.addAll(status.getAdded());
            changed.addAll(status.getChanged());
            changed.addAll(status.getModified());
            changed.addAll(status.getRemoved());
            changed.addAll(status.getMissing());
            Map<String, Blob> changes = new LinkedHashMap<>();
            for (String path : changed) {
                Path file = workTree.resolve(path);
                if (Files.isSymbolicLink(file)) {
                    changes.put(path, new Blob(Files.readSymbolicLink(file).toString()
                            .getBytes(StandardCharsets.UTF_8), false, true));
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    changes.put(path, new Blob(Files.readAllBytes(file), Files.isExecutable(file), false));
                } else {
                    changes.put(path, null);
                }
            }
            return changes;
        } catch (GitAPIException | IOException e) {
            throw DvjException.data("cannot read the work tree's changes: " + e.getMessage(), e);
        }
    }

    private static void setExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true);
        }
    }
}
