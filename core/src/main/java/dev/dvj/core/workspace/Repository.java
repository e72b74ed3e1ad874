package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.chunk.ChunkThreshold;
import dev.dvj.core.config.Config;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.scm.GitScm;
import dev.dvj.core.scm.NoScm;
import dev.dvj.core.scm.Scm;
import dev.dvj.core.store.CacheDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An opened dvj repository: its root (the folder holding {@code .dvj/}), configuration, cache,
 * version control and state cache. Git is opened only when a command needs it, which keeps
 * read-only commands such as status quick to start.
 */
public final class Repository implements AutoCloseable {
    public static final String DVJ_DIR = ".dvj";

    private final Path root;
    private final Path dvjDir;
    private final SystemEnv env;
    private final Config config;
    private final Path cacheRoot;
    /** Made on first use, as the linker is: a bad cache setting then fails the commands that need the cache, not 'dvj config' fixing it. */
    private volatile CacheDirectory cache;
    private volatile ObjectDatabase cacheDatabase;
    private final IgnoreRules ignore;
    private final WorkspaceBoundary boundary;
    /** Opened on first use, under its own lock: a Git open must not hold up the other accessors. */
    private volatile Scm scm;
    private final Object scmLock = new Object();
    private StateCache state;
    private DirectoryStates directoryStates;
    private PartialCheckouts partialCheckouts;
    private Linker linker;
    private CacheVerifier verifier;
    private int leftoversCleared;
    /** Where storing and placing data report how far they are (the CLI's bar on a terminal). */
    private volatile Progress progress = Progress.NONE;
    /**
     * True in an experiment's temporary workspace, whose cache is its repository's and may be
     * written by other experiments at the same time: its lock does not clear the cache's temp
     * files, which may be theirs (the repository's own lock, held by the runner, covers them).
     */
    private final boolean sharesCache;
    /** The repository this is an experiment's workspace of; this one's own root otherwise. */
    private final Path originRoot;

    private Repository(Path root, SystemEnv env) {
        this(root, env, null, null, root);
    }

    private Repository(Path root, SystemEnv env, Path sharedCache, Scm scm, Path originRoot) {
        this.root = root;
        this.originRoot = originRoot;
        this.dvjDir = root.resolve(DVJ_DIR);
        this.env = env;
        this.config = Config.load(env, dvjDir);
        this.sharesCache = sharedCache != null;
        this.scm = scm;
        String cacheDir = config.get("cache.dir").orElse(null);
        this.cacheRoot = sharedCache != null ? sharedCache
                : cacheDir == null ? dvjDir.resolve("cache") : dvjDir.resolve(cacheDir).normalize();
        this.ignore = new IgnoreRules(root);
        this.boundary = new WorkspaceBoundary(root);
    }

    /**
     * {@code cache.chunked: true} keeps new big files in the cache as chunks, from
     * {@code cache.chunk_threshold} up; off, every object is whole, so checkout can link it.
     */
    private static long chunkThreshold(Config config) {
        if (!config.getBoolean("cache.chunked", false)) {
            return 0;
        }
        return ChunkThreshold.parse("cache.chunk_threshold", config.get("cache.chunk_threshold").orElse(null));
    }

    /**
     * Opens an experiment's temporary workspace: a folder with its own {@code .dvj/} (config and
     * state), whose objects go to {@code sharedCache}, whose version control is {@code scm}, and
     * which runs for the repository at {@code originRoot}.
     */
    public static Repository openExperiment(Path root, SystemEnv env, Path sharedCache, Scm scm, Path originRoot) {
        return new Repository(root.toAbsolutePath().normalize(), env, sharedCache, scm, originRoot.toAbsolutePath().normalize());
    }

    /** Opens the repository containing {@code dir}, searching upward like Git does. */
    public static Repository open(Path dir, SystemEnv env) {
        Path start = dir.toAbsolutePath().normalize();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve(DVJ_DIR))) {
                return new Repository(candidate, env);
            }
        }
        throw new DvjException(ErrorKind.NOT_A_REPOSITORY,
                "not a dvj repository (or any parent folder): " + start + " (run 'dvj init' first)");
    }

    public Path root() {
        return root;
    }

    /**
     * The repository a run here works for: an experiment's temporary workspace runs for the
     * repository it was made from (where a relative {@code openlineage.file} lives, and whose name
     * is the OpenLineage namespace); any other repository, itself.
     */
    public Path originRoot() {
        return originRoot;
    }

    public Path dvjDir() {
        return dvjDir;
    }

    public SystemEnv env() {
        return env;
    }

    public Config config() {
        return config;
    }

    public CacheDirectory cache() {
        CacheDirectory opened = cache;
        if (opened == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = new CacheDirectory(cacheRoot, chunkThreshold(config));
                }
                opened = cache;
            }
        }
        return opened;
    }

    /** The cache as an object database: what transfers, gc and fsck work with. */
    public ObjectDatabase objects() {
        ObjectDatabase opened = cacheDatabase;
        if (opened == null) {
            synchronized (this) {
                if (cacheDatabase == null) {
                    cacheDatabase = FolderDatabase.cache(cache());
                }
                opened = cacheDatabase;
            }
        }
        return opened;
    }

    public IgnoreRules ignore() {
        return ignore;
    }

    /** What keeps every write and delete inside the repository: ask it for each path before touching it. */
    public WorkspaceBoundary boundary() {
        return boundary;
    }

    public Scm scm() {
        Scm opened = scm;
        if (opened != null) {
            return opened;
        }
        synchronized (scmLock) {
            if (scm == null) {
                if (config.getBoolean("core.no_scm", false)) {
                    scm = new NoScm();
                } else {
                    dev.dvj.core.scm.GitSystemConfig.useKnownLocation(env, dvjDir.resolve("tmp").resolve("git-system-config"));
                    scm = GitScm.find(root).map(Scm.class::cast).orElseThrow(() -> new DvjException(
                            ErrorKind.NOT_A_REPOSITORY, "no Git repository found for " + root
                            + " (it was initialized with Git; restore .git or set core.no_scm: true)"));
                }
            }
            return scm;
        }
    }

    public synchronized StateCache state() {
        if (state == null) {
            state = StateCache.load(dvjDir.resolve("tmp").resolve("state"), env.clock());
        }
        return state;
    }

    /** Each tracked directory's id, keyed by the exact signature of its scan (see {@link DirectoryStates}). */
    public synchronized DirectoryStates directoryStates() {
        if (directoryStates == null) {
            directoryStates = new DirectoryStates(dvjDir.resolve("tmp").resolve("directory-states"));
        }
        return directoryStates;
    }

    /** Manifests of directories placed only in part, kept outside the cache (see {@link KnownManifests}). */
    public KnownManifests knownManifests() {
        return new KnownManifests(dvjDir.resolve("tmp").resolve("manifests"));
    }

    /** Tracked directories placed only in part by a pull or checkout of a path inside them. */
    public synchronized PartialCheckouts partialCheckouts() {
        if (partialCheckouts == null) {
            partialCheckouts = new PartialCheckouts(dvjDir.resolve("tmp").resolve("partial-checkouts"));
        }
        return partialCheckouts;
    }

    /** Proves cache objects intact before they are placed in the workspace. */
    public synchronized CacheVerifier verifier() {
        if (verifier == null) {
            verifier = new CacheVerifier(cache(), dvjDir.resolve("tmp").resolve("object-stamps"), env.clock());
        }
        return verifier;
    }

    /** How workspace files and cache objects share bytes, per config {@code cache.type}. */
    public synchronized Linker linker() {
        if (linker == null) {
            linker = new Linker(LinkType.parseList(config.get("cache.type", LinkType.DEFAULT)));
        }
        return linker;
    }

    /**
     * Variables stage commands run with besides dvj's own. In an experiment's workspace, Git
     * must not find the repository around it: a stage running git would change the user's index.
     */
    public java.util.Map<String, String> commandEnvironment() {
        if (!sharesCache) {
            return java.util.Map.of();
        }
        return java.util.Map.of("GIT_CEILING_DIRECTORIES", root.getParent().toString());
    }

    /** Takes the writer lock; close it to release. */
    public RepositoryLock lock() {
        try {
            Files.createDirectories(dvjDir.resolve("tmp"));
        } catch (IOException e) {
            throw DvjException.data("cannot create " + dvjDir.resolve("tmp") + ": " + e.getMessage(), e);
        }
        RepositoryLock lock = RepositoryLock.acquire(dvjDir.resolve("tmp").resolve("lock"));
        boundary.forget(); // a command of its own: the workspace may have changed since the last
        if (sharesCache) {
            return lock;
        }
        try {
            leftoversCleared += cache().clearTemp();
        } catch (IOException e) {
            // Leftover temp files only waste space; failing to remove them must not stop the command.
        }
        return lock;
    }

    /** How many temp files of killed writers taking the lock has removed (gc reports them). */
    public int leftoversCleared() {
        return leftoversCleared;
    }

    /** Where add, commit and checkout report the files and bytes they store or place. */
    public Progress progress() {
        return progress;
    }

    public void setProgress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /** How many files to hash or copy at once. */
    public int jobs() {
        return Math.max(1, config.getInt("core.jobs", Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    /** The repository-relative POSIX path of an absolute path inside the repository. */
    public String relative(Path absolute) {
        Path rel = root.relativize(absolute.toAbsolutePath().normalize());
        return rel.toString().replace('\\', '/');
    }

    public Path resolve(String relative) {
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    /** Saves the state cache, if it was used. */
    public void flush() {
        CacheVerifier proofs;
        synchronized (this) {
            proofs = verifier;
        }
        if (proofs != null) {
            proofs.save();
        }
        // The state caches only save time: failing to save one must not fail the command, nor keep
        // the other from being saved.
        try {
            if (state != null) {
                state.save();
            }
        } catch (IOException e) {
            // rehashing next time
        }
        try {
            if (directoryStates != null) {
                directoryStates.save();
            }
        } catch (IOException e) {
            // a full computation next time
        }
    }

    @Override
    public void close() {
        flush();
        synchronized (scmLock) {
            if (scm != null) {
                scm.close();
            }
        }
    }
}
