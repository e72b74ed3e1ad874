package dev.dvj.core.scm;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RmCommand;
import org.eclipse.jgit.api.errors.AbortedByHookException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Git through JGit: no git binary needed. */
public final class GitScm implements Scm {
    private final Repository repository;
    private final Path workTree;
    private final Map<String, Map<String, List<String>>> refNames = new java.util.HashMap<>();

    private GitScm(Repository repository) {
        this.repository = repository;
        this.workTree = repository.isBare() ? null : repository.getWorkTree().toPath();
    }

    /**
     * Opens a bare Git repository (or a work tree's {@code .git}) for reading its history only:
     * revisions, files at a revision, commits. Another repository's data is read this way
     * ({@code dvj import}, the library) without cloning it.
     */
    public static Optional<GitScm> openForReading(Path gitDir) {
        if (!Files.isRegularFile(gitDir.resolve("HEAD")) || !Files.isDirectory(gitDir.resolve("objects"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GitScm(new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Opens the Git repository whose work tree contains {@code dir}, or returns empty. */
    public static Optional<GitScm> find(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try {
            Repository repository = builder.build();
            if (repository.isBare()) {
                repository.close();
                return Optional.empty();
            }
            return Optional.of(new GitScm(repository));
        } catch (IOException e) {
            throw DvjException.data("cannot open the Git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }

    public Path workTree() {
        return workTree;
    }

    /** The repository's hooks folder ({@code core.hooksPath} or {@code .git/hooks}), checked to lie inside it. */
    public GitHooks hooks() {
        return GitHooks.of(workTree, repository.getDirectory().toPath(), repository.getConfig().getString("core", null, "hooksPath"));
    }

    /** Trees, commits and refs written directly, without the index or HEAD (experiments). */
    public GitObjects objects() {
        return new GitObjects(repository);
    }

    @Override
    public boolean isGit() {
        return true;
    }

    @Override
    public boolean tracks(String path) {
        try {
            DirCache index = repository.readDirCache();
            return index.findEntry(path) >= 0 || index.getEntriesWithin(path).length > 0;
        } catch (IOException e) {
            throw DvjException.data("cannot read Git's index: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean ignores(String path) {
        try {
            return !tracks(path) && new GitIgnoreCheck(repository).isIgnored(path);
        } catch (IOException e) {
            throw DvjException.data("cannot read Git's ignore rules: " + e.getMessage(), e);
        }
    }

    @Override
    public void stage(Collection<String> paths) {
        List<String> present = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String path : paths) {
            (Files.exists(workTree.resolve(path)) ? present : gone).add(path);
        }
        requireIndexUnlocked("stage " + String.join(", ", paths));
        try (Git git = new Git(repository)) {
            if (!present.isEmpty()) {
                AddCommand add = git.add();
                present.forEach(add::addFilepattern);
                add.call();
            }
            List<String> trackedGone = gone.stream().filter(this::tracks).toList();
            if (!trackedGone.isEmpty()) {
                RmCommand rm = git.rm().setCached(true);
                trackedGone.forEach(rm::addFilepattern);
                rm.call();
            }
        } catch (GitAPIException e) {
            throw DvjException.data("cannot stage " + paths + " in Git: " + e.getMessage(), e);
        } catch (JGitInternalException e) {
            throw lockFailure(e, "stage " + String.join(", ", paths));
        }
    }

    /**
     * Git writes its index under {@code index.lock} and renames it into place; a git (or dvj)
     * killed mid-write leaves the lock behind, and every later writer fails until it is removed.
     * Say which file and what to do, rather than fail with JGit's internal error.
     */
    private void requireIndexUnlocked(String action) {
        Path lock = repository.getDirectory().toPath().resolve("index.lock");
        if (Files.exists(lock)) {
            throw indexLocked(action, lock);
        }
    }

    private DvjException lockFailure(JGitInternalException e, String action) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LockFailedException locked) {
                Path lock = locked.getFile() == null ? repository.getDirectory().toPath().resolve("index.lock")
                        : locked.getFile().toPath().resolveSibling(locked.getFile().getName() + ".lock");
                return indexLocked(action, lock);
            }
        }
        return DvjException.data("Git failed to " + action + ": " + e.getMessage(), e);
    }

    private static DvjException indexLocked(String action, Path lock) {
        return DvjException.conflict("cannot " + action + " in Git: " + lock + " exists, so another git process is "
                + "running, or one was killed mid-write; if no git is running, delete " + lock
                + " and run the command again (dvj's own files are written; nothing is lost)");
    }

    @Override
    public boolean hasStagedChanges() {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            ObjectId head = repository.resolve(Constants.HEAD);
            if (head == null) {
                tree.addTree(new EmptyTreeIterator());
            } else {
                tree.addTree(walk.parseCommit(head).getTree());
            }
            tree.addTree(new DirCacheIterator(repository.readDirCache()));
            tree.setRecursive(true);
            tree.setFilter(TreeFilter.ANY_DIFF);
            return tree.next();
        } catch (IOException e) {
            throw DvjException.data("cannot compare Git's index with HEAD: " + e.getMessage(), e);
        }
    }

    @Override
    public String commit(String message) {
        requireIndexUnlocked("commit");
        forgetRefs(); // a new commit moves the branch: descriptions naming it change
        if (new GpgConfig(repository.getConfig()).isSignCommits()) {
            new GitProgram(repository.getWorkTree().toPath()).commit(message);
            return resolve(Constants.HEAD);
        }
        try (Git git = new Git(repository)) {
            // Hooks print to stderr, as git runs them, so --json output on stdout stays JSON.
            RevCommit commit = git.commit().setMessage(message)
                    .setHookOutputStream(System.err).setHookErrorStream(System.err).call();
            return commit.getName();
        } catch (AbortedByHookException e) {
            // The hook's own output is already on the terminal; repeating it would print it twice.
            throw new DvjException(ErrorKind.GIT_REFUSED, "git's " + e.getHookName() + " hook refused the commit (exit "
                    + e.getReturnCode() + "; its output is above): nothing was committed and the changes stay staged", e);
        } catch (GitAPIException e) {
            throw DvjException.data("git commit failed: " + e.getMessage(), e);
        } catch (JGitInternalException e) {
            throw lockFailure(e, "commit");
        }
    }

    @Override
    public String resolve(String rev) {
        return commitOf(rev).getName();
    }

    /**
     * What history commands read again and again (exp show reads each commit's dvj.yaml, lock,
     * params and pointers from several places), kept for the life of this object. Keyed by full
     * commit id only: what a commit holds never changes, while a branch name may move.
     */
    private final Map<String, ObjectId> commits = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<ObjectId, ObjectId> trees = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Optional<byte[]>> files = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<ObjectId, CommitInfo> described = new java.util.concurrent.ConcurrentHashMap<>();
    /** Files up to this size are kept (pointers, pipelines, params); bigger ones are read each time. */
    private static final int KEEP_FILES_UP_TO = 256 << 10;
    private static final int KEEP_FILES = 20_000;

    private static boolean isFullId(String rev) {
        return rev.length() == 40 && ObjectId.isId(rev);
    }

    private ObjectId commitOf(String rev) {
        if (isFullId(rev)) {
            ObjectId known = commits.get(rev);
            if (known != null) {
                return known;
            }
            ObjectId id = resolveCommit(rev);
            commits.put(rev, id);
            return id;
        }
        return resolveCommit(rev);
    }

    private ObjectId treeOf(ObjectId commit) throws IOException {
        ObjectId tree = trees.get(commit);
        if (tree == null) {
            try (RevWalk walk = new RevWalk(repository)) {
                tree = walk.parseCommit(commit).getTree().copy();
            }
            trees.put(commit.copy(), tree);
        }
        return tree;
    }

    private ObjectId resolveCommit(String rev) {
        try {
            ObjectId id = repository.resolve(rev + "^{commit}");
            if (id == null && GitObjects.isPlainRefName(rev)) {
                // An experiment's name is a revision too (metrics show, lineage, exp diff).
                id = repository.resolve(GitObjects.EXPERIMENTS + rev + "^{commit}");
            }
            if (id == null) {
                throw DvjException.invalid("unknown revision '" + rev + "'");
            }
            return id;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DvjException dvj) {
                throw dvj;
            }
            throw DvjException.invalid("unknown revision '" + rev + "': " + e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> readAt(String rev, String path) {
        try {
            ObjectId commit = commitOf(rev);
            String key = commit.getName() + ":" + path;
            Optional<byte[]> kept = files.get(key);
            if (kept != null) {
                return kept.map(byte[]::clone);
            }
            Optional<byte[]> read;
            try (TreeWalk tree = TreeWalk.forPath(repository, path, treeOf(commit))) {
                read = tree == null ? Optional.empty() : Optional.of(repository.open(tree.getObjectId(0)).getBytes());
            }
            if (read.map(b -> b.length <= KEEP_FILES_UP_TO).orElse(true) && files.size() < KEEP_FILES) {
                files.put(key, read.map(byte[]::clone));
            }
            return read;
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + " at " + rev + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, byte[]> filesAt(String rev, String suffix) {
        Map<String, byte[]> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository);
             ObjectReader reader = repository.newObjectReader()) {
            tree.addTree(walk.parseCommit(commitOf(rev)).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathSuffixFilter.create(suffix));
            while (tree.next()) {
                files.put(tree.getPathString(), reader.open(tree.getObjectId(0)).getBytes());
            }
            return files;
        } catch (IOException e) {
            throw DvjException.data("cannot list files at " + rev + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> commitsTouching(String path, String rev) {
        try (RevWalk walk = new RevWalk(repository)) {
            // Commits still to classify, newest first, down to one whose answer is known: along a
            // line of single-parent commits each answer is the parent's plus maybe itself, so
            // experiments on one base, or revisions of one branch, share their history's answer.
            List<RevCommit> chain = new ArrayList<>();
            Touching tail;
            RevCommit commit = walk.parseCommit(commitOf(rev));
            while (true) {
                Touching known = touching.get(touchingKey(path, commit));
                if (known != null) {
                    tail = known;
                    break;
                }
                if (commit.getParentCount() != 1) {
                    // A root or a merge: Git's own history simplification decides from here.
                    tail = new Touching(null, null, logTouching(path, commit));
                    touching.put(touchingKey(path, commit), tail);
                    break;
                }
                chain.add(commit);
                commit = walk.parseCommit(commit.getParent(0));
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                RevCommit child = chain.get(i);
                boolean changed = !Objects.equals(entryAt(path, child.getTree()), entryAt(path, child.getParent(0).getTree()));
                tail = new Touching(changed ? child.getName() : null, tail, null);
                touching.put(touchingKey(path, child), tail);
            }
            List<String> commits = new ArrayList<>();
            for (Touching step = tail; step != null; step = step.older()) {
                if (step.commit() != null) {
                    commits.add(step.commit());
                }
                if (step.fromGit() != null) {
                    commits.addAll(step.fromGit());
                }
            }
            return commits;
        } catch (IOException e) {
            throw DvjException.data("cannot read the history of " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * One commit's place in a path's history: itself when it changed the path, then the answer
     * for its parent; or, at a root or merge, the whole answer as Git's log gives it.
     */
    private record Touching(String commit, Touching older, List<String> fromGit) {
    }

    private final Map<String, Touching> touching = new java.util.concurrent.ConcurrentHashMap<>();

    private static String touchingKey(String path, ObjectId commit) {
        return commit.getName() + ":" + path;
    }

    /** The path's entry (id and mode) in a tree, or null when the tree has no such path. */
    private String entryAt(String path, org.eclipse.jgit.revwalk.RevTree tree) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
            return walk == null ? null : walk.getObjectId(0).getName() + " " + walk.getRawMode(0);
        }
    }

    private List<String> logTouching(String path, ObjectId from) throws IOException {
        try (Git git = new Git(repository)) {
            List<String> commits = new ArrayList<>();
            for (RevCommit commit : git.log().add(from).addPath(path).call()) {
                commits.add(commit.getName());
            }
            return commits;
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean hasCommits() {
        try {
            return repository.resolve(Constants.HEAD + "^{commit}") != null;
        } catch (IOException e) {
            throw DvjException.data("cannot read HEAD: " + e.getMessage(), e);
        }
    }

    @Override
    public CommitInfo describe(String rev) {
        ObjectId id = commitOf(rev);
        CommitInfo known = described.get(id);
        if (known != null) {
            return known;
        }
        CommitInfo info = describeCommit(id);
        described.put(id.copy(), info);
        return info;
    }

    private CommitInfo describeCommit(ObjectId id) {
        String rev = id.getName();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            PersonIdent author = commit.getAuthorIdent();
            List<String> branches = refNames(Constants.R_HEADS).getOrDefault(commit.getName(), List.of());
            List<String> tags = refNames(Constants.R_TAGS).getOrDefault(commit.getName(), List.of());
            return new CommitInfo(commit.getName(), author.getName(), author.getEmailAddress(),
                    author.getWhenAsInstant(), commit.getShortMessage(), branches, tags);
        } catch (IOException e) {
            throw DvjException.data("cannot read commit " + rev + ": " + e.getMessage(), e);
        }
    }

    private synchronized void forgetRefs() {
        refNames.clear();
        described.clear();
    }

    /** Commit id to the short names of the refs under prefix (branches or tags) pointing at it; read once. */
    private synchronized Map<String, List<String>> refNames(String prefix) throws IOException {
        Map<String, List<String>> names = refNames.get(prefix);
        if (names == null) {
            names = new java.util.HashMap<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(prefix)) {
                Ref peeled = repository.getRefDatabase().peel(ref);
                ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
                if (id != null) {
                    names.computeIfAbsent(id.getName(), k -> new ArrayList<>()).add(ref.getName().substring(prefix.length()));
                }
            }
            refNames.put(prefix, names);
        }
        return names;
    }

    @Override
    public Set<String> commitsIn(HistoryScope scope) {
        try (RevWalk walk = new RevWalk(repository)) {
            Set<String> commits = new LinkedHashSet<>();
            List<Ref> refs = switch (scope) {
                case ALL_BRANCHES -> repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS);
                case ALL_TAGS -> repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS);
                case ALL_COMMITS -> repository.getRefDatabase().getRefs();
                case ALL_EXPERIMENTS -> repository.getRefDatabase().getRefsByPrefix(GitObjects.EXPERIMENTS);
            };
            for (Ref ref : refs) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id == null) {
                    continue;
                }
                try {
                    RevCommit commit = walk.parseCommit(id);
                    if (scope == HistoryScope.ALL_COMMITS) {
                        walk.markStart(commit);
                    } else {
                        commits.add(commit.getName());
                    }
                } catch (IncorrectObjectTypeException e) {
                    // A tag of a tree or blob names no commit: nothing of dvj's to keep there.
                }
            }
            if (scope == HistoryScope.ALL_COMMITS) {
                for (RevCommit commit : walk) {
                    commits.add(commit.getName());
                }
            }
            return commits;
        } catch (IOException e) {
            throw DvjException.data("cannot read Git history: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
