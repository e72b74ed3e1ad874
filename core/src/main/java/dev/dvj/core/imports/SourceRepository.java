package dev.dvj.core.imports;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.scm.GitScm;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Another dvj repository that data is read from ({@code dvj get}, {@code import}, {@code update},
 * {@code ls URL}, the library API): a local repository used where it is, read-only, or any URL JGit
 * can clone, cloned into a scratch folder that {@link #close} deletes. Its pointers are read at one
 * commit; its objects come from its cache (a local repository's) and else its default remote.
 * Nothing is ever written into a local source.
 */
public final class SourceRepository implements AutoCloseable {
    /** The URL as messages and import records name it (as the user wrote it, or as recorded). */
    private String url;
    private final Repository repository;
    /** Where a relative folder remote of the source is relative to: the source's own folder. */
    private final Path home;
    /** The scratch clone to delete on close; null for a local repository used in place. */
    private final Path clone;
    private final String commit;
    /** Where this process may write for the source (pack index caches): never the source itself. */
    private final Path scratch;
    private ObjectDatabase remote;

    private SourceRepository(String url, Repository repository, Path home, Path clone, String commit, Path scratch) {
        this.url = url;
        this.repository = repository;
        this.home = home;
        this.clone = clone;
        this.commit = commit;
        this.scratch = scratch;
    }

    /**
     * Opens {@code url} at {@code rev} (null: its HEAD).
     *
     * @param scratch a folder a clone may be made in (inside the calling repository when there is one)
     */
    public static SourceRepository open(String url, String rev, Path scratch, SystemEnv env) {
        // Git's system config location is cached once per process; here, never in the source.
        dev.dvj.core.scm.GitSystemConfig.useKnownLocation(env, scratch.resolve("git-system-config"));
        Path local = localPath(url);
        if (local != null && Files.isDirectory(local.resolve(Repository.DVJ_DIR))) {
            Repository repository = Repository.open(local, env);
            try {
                return new SourceRepository(url, repository, local, null, resolve(repository, url, rev), scratch);
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
        }
        if (local != null) {
            Optional<GitScm> history = GitScm.openForReading(local).or(() -> GitScm.openForReading(local.resolve(".git")));
            if (history.isPresent()) {
                return readInPlace(url, local, rev, scratch, env, history.get());
            }
        }
        Path dir = cloneInto(url, local, rev, scratch);
        try {
            if (!Files.isDirectory(dir.resolve(Repository.DVJ_DIR))) {
                throw DvjException.invalid(url + " is not a dvj repository" + (rev == null ? "" : " at " + rev)
                        + " (no " + Repository.DVJ_DIR + " folder)");
            }
            Repository repository = Repository.open(dir, env);
            return new SourceRepository(url, repository, local != null ? local : dir, dir, repository.scm().resolve("HEAD"), scratch);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /**
     * A URL as it can be opened from anywhere: a relative path (not a URL, not scp-like
     * {@code host:path}) resolved against {@code base}; anything else as it is.
     */
    public static String against(String url, Path base) {
        if (isRelativePath(url)) {
            return base.resolve(url).normalize().toString();
        }
        return url;
    }

    /** True for a plain relative path, such as {@code ../data-registry}. */
    public static boolean isRelativePath(String url) {
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        if (url.contains("://") || (colon > 0 && (slash < 0 || colon < slash))) {
            return false; // a URL, or scp-like host:path
        }
        try {
            return !Path.of(url).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A local Git repository with no dvj work tree (a bare one, say): read where it is, through its
     * history alone. Its configuration at the commit is the only file written, into a scratch
     * folder that stands in for its root; its cache there starts empty, so data comes from its
     * default remote. No clone, no checkout.
     */
    private static SourceRepository readInPlace(String url, Path local, String rev, Path scratch, SystemEnv env, GitScm history) {
        Path dir = null;
        try {
            String asked = rev == null ? "HEAD" : rev;
            String commit;
            try {
                commit = history.resolve(asked);
            } catch (DvjException e) {
                throw DvjException.invalid(url + " has no revision '" + asked + "'");
            }
            byte[] config = history.readAt(commit, Repository.DVJ_DIR + "/config.yaml").orElseThrow(() -> DvjException.invalid(
                    url + " is not a dvj repository at " + asked + " (no " + Repository.DVJ_DIR + "/config.yaml)"));
            dir = Files.createDirectories(scratch).resolve("source-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.createDirectories(dir.resolve(Repository.DVJ_DIR));
            Files.write(dir.resolve(Repository.DVJ_DIR).resolve("config.yaml"), config);
            Repository repository = Repository.openExperiment(dir, env, dir.resolve(Repository.DVJ_DIR).resolve("cache"), history, dir);
            return new SourceRepository(url, repository, local, dir, commit, scratch);
        } catch (IOException e) {
            history.close();
            if (dir != null) {
                deleteQuietly(dir);
            }
            throw DvjException.data("cannot read " + url + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            history.close();
            if (dir != null) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** A plain path or a file:// URL of a folder that exists, made absolute; else null. */
    static Path localPath(String url) {
        try {
            Path path = url.startsWith("file://") ? Path.of(URI.create(url)) : url.contains("://") ? null : Path.of(url);
            return path != null && Files.isDirectory(path) ? path.toAbsolutePath().normalize() : null;
        } catch (IllegalArgumentException e) { // also InvalidPathException
            return null;
        }
    }

    private static String resolve(Repository repository, String url, String rev) {
        String asked = rev == null ? "HEAD" : rev;
        try {
            return repository.scm().resolve(asked);
        } catch (DvjException e) {
            throw DvjException.invalid(url + " has no revision '" + asked + "'");
        }
    }

    /** Clones the repository (only its Git files: pointers and code) and checks out {@code rev}. */
    private static Path cloneInto(String url, Path local, String rev, Path scratch) {
        Path dir;
        try {
            dir = Files.createDirectories(scratch).resolve("source-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        } catch (IOException e) {
            throw DvjException.data("cannot create " + scratch + ": " + e.getMessage(), e);
        }
        String uri = local != null ? local.toUri().toString() : url;
        try (Git git = Git.cloneRepository().setURI(uri).setDirectory(dir.toFile()).setCloneAllBranches(true).call()) {
            if (rev != null) {
                org.eclipse.jgit.lib.ObjectId target = git.getRepository().resolve(rev + "^{commit}");
                if (target == null) {
                    target = git.getRepository().resolve("refs/remotes/origin/" + rev + "^{commit}");
                }
                if (target == null) {
                    throw DvjException.invalid(url + " has no revision '" + rev + "'");
                }
                git.checkout().setName(target.getName()).call();
            }
            return dir;
        } catch (GitAPIException | IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            deleteQuietly(dir);
            throw new DvjException(ErrorKind.REMOTE, "cannot clone " + url + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    public String url() {
        return url;
    }

    /** Names the source as {@code recorded} from now on (a path relative to the importing repository's root). */
    public SourceRepository recordedAs(String recorded) {
        this.url = recorded;
        return this;
    }

    /** The commit the revision resolved to. */
    public String commit() {
        return commit;
    }

    /** The source repository, opened read-only: only its Git objects, cache and config are read. */
    public Repository repository() {
        return repository;
    }

    /** Every output the source tracks at the commit, by pointer path. */
    public Map<String, TrackedOutput> outputs() {
        return outputs(commit);
    }

    /** Every output the source tracks at another of its commits. */
    public Map<String, TrackedOutput> outputs(String atCommit) {
        return new Outputs(repository).atRevision(atCommit);
    }

    /** The full id of a revision of the source; invalid input naming the URL when it has none such. */
    public String resolve(String rev) {
        return resolve(repository, url, rev);
    }

    /**
     * The output at {@code path}, or the part of a tracked directory that {@code path} names inside
     * it; a data error naming the URL when the source does not track it.
     */
    public TrackedOutput find(String path) {
        return find(path, commit);
    }

    /** As {@link #find(String)}, at another of the source's commits. */
    public TrackedOutput find(String path, String atCommit) {
        String wanted = normalize(path);
        Map<String, TrackedOutput> outputs = outputs(atCommit);
        for (TrackedOutput output : outputs.values()) {
            if (output.dataPath().equals(wanted)) {
                return output;
            }
        }
        for (TrackedOutput output : outputs.values()) {
            if (output.pointer().isDirectory() && wanted.startsWith(output.dataPath() + "/")) {
                return output.narrowedTo(wanted.substring(output.dataPath().length() + 1));
            }
        }
        throw DvjException.invalid(url + " does not track '" + path + "' at " + atCommit.substring(0, 8)
                + " (see 'dvj ls " + url + "')");
    }

    private static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.endsWith(PointerFormat.SUFFIX) ? p.substring(0, p.length() - PointerFormat.SUFFIX.length()) : p;
    }

    /** The source's default remote (a relative folder one is relative to the source's own folder). */
    public ObjectDatabase remote() {
        if (remote == null) {
            String name = repository.config().get("core.remote").orElseThrow(() -> DvjException.invalid(url
                    + " has no default remote (core.remote) to read its data from"));
            String remoteUrl = repository.config().get("remote." + name + ".url").orElseThrow(() ->
                    DvjException.invalid(url + ": its default remote '" + name + "' has no url"));
            if (!remoteUrl.contains("://") && !Path.of(remoteUrl).isAbsolute()) {
                remoteUrl = home.resolve(remoteUrl).normalize().toString();
            }
            remote = RemoteDatabases.open(repository, name, remoteUrl,
                    scratch.resolve("pack-indexes").resolve(RemoteDatabases.folderFor(name)));
        }
        return remote;
    }

    /**
     * Copies what the outputs need into {@code destination}: from a local source's cache first,
     * then from its default remote, every object verified on the way in. A data error when an
     * object is on neither.
     */
    public void fetchInto(ObjectDatabase destination, Collection<TrackedOutput> outputs, int jobs, Progress progress) {
        List<TrackedOutput> wanted = new ArrayList<>(outputs);
        if (clone == null) {
            Transfer fromCache = new Transfer(destination, repository.objects(), jobs).withProgress(progress);
            Transfer.FetchPlan plan = fromCache.planFetch(wanted);
            if (plan.complete() && fromCache.fetch(plan, dev.dvj.core.store.Arrivals.NONE).missing().isEmpty()) {
                return;
            }
        }
        Transfer.Result fetched = new Transfer(destination, remote(), jobs).withProgress(progress).fetch(wanted);
        if (!fetched.missing().isEmpty()) {
            throw DvjException.data(fetched.missing().size() + " object(s) of " + url + " are on neither its cache nor its remote '"
                    + remote().name() + "', e.g. " + fetched.missing().get(0));
        }
    }

    /** What {@code output} names, with its directory's manifest read from the source's cache or remote. */
    public SourceData data(TrackedOutput output) {
        return SourceData.of(output, this::manifest, url);
    }

    private java.util.Optional<dev.dvj.core.tree.Manifest> manifest(TrackedOutput output) throws IOException {
        List<String> paths = output.within() == null ? List.of() : output.within();
        ObjectDatabase local = repository.objects();
        java.util.Optional<dev.dvj.core.tree.Manifest> found = clone == null
                ? (paths.isEmpty() ? local.manifest(output.pointer().oid()) : local.manifestCovering(output.pointer().oid(), paths))
                : java.util.Optional.empty();
        if (found.isPresent()) {
            return found;
        }
        return paths.isEmpty() ? remote().manifest(output.pointer().oid()) : remote().manifestCovering(output.pointer().oid(), paths);
    }

    @Override
    public void close() {
        try {
            if (remote != null) {
                remote.close();
            }
        } catch (Exception e) {
            // closing a client: nothing to lose
        } finally {
            repository.close();
            if (clone != null) {
                deleteQuietly(clone);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a scratch clone left behind: inside .dvj/tmp, or the system's temp folder
        }
    }
}
