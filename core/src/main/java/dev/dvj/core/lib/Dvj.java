package dev.dvj.core.lib;

import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.experiments.ExperimentValues;
import dev.dvj.core.experiments.RevisionValues;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.imports.SourceData;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.io.TempFiles;
import dev.dvj.core.lineage.LineageCommand;
import dev.dvj.core.lineage.LineageNode;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * dvj as a library: read data versions, their params, metrics and lineage from a Java program,
 * without a workspace. The entry point, as JGit's {@code Git} is:
 * <pre>
 * try (Dvj dvj = Dvj.open("https://github.com/org/penguins.git")) {
 *     Dvj.Data data = dvj.data("data/penguins.csv", "v1");
 *     try (InputStream in = data.open()) { ... }
 *     ObjectId id = data.oid();
 * }
 * </pre>
 * A repository is a local folder (used where it is) or any URL JGit can clone (cloned, Git files
 * only, into a temp folder that {@link #close} deletes). Data is read from the repository's cache
 * when it holds it, else straight from its default remote (S3 needs dvj-remote-storage on the
 * class path), every byte checked against its id before a read reaches its end.
 */
public final class Dvj implements AutoCloseable {
    private final SourceRepository source;
    private final Path scratch;
    private final boolean ownScratch;

    private Dvj(SourceRepository source, Path scratch, boolean ownScratch) {
        this.source = source;
        this.scratch = scratch;
        this.ownScratch = ownScratch;
    }

    /** Opens a local repository (or a folder inside one) or clones a Git URL, with the defaults. */
    public static Dvj open(String urlOrPath) {
        return options().open(urlOrPath);
    }

    /** Opens a local repository, or the one a folder is inside of. */
    public static Dvj open(Path folder) {
        return options().open(folder);
    }

    /** How a repository is opened: the environment (credentials, HOME) and where a clone goes. */
    public static Options options() {
        return new Options();
    }

    /** A builder of how {@link Dvj} opens a repository. */
    public static final class Options {
        private SystemEnv env = SystemEnv.system();
        private Path scratch;

        private Options() {
        }

        /** The environment variables, home folder and clock (default: this process's). */
        public Options env(SystemEnv value) {
            this.env = value;
            return this;
        }

        /** Where a clone and downloads go (default: a new folder in the system's temp folder, deleted on close). */
        public Options scratch(Path value) {
            this.scratch = value;
            return this;
        }

        public Dvj open(Path folder) {
            Repository found = Repository.open(folder, env);
            Path root = found.root();
            found.close();
            return open(root.toString());
        }

        public Dvj open(String urlOrPath) {
            boolean own = scratch == null;
            Path where;
            try {
                where = own ? Files.createTempDirectory("dvj-lib-") : Files.createDirectories(scratch);
            } catch (IOException e) {
                throw DvjException.data("cannot create a temp folder: " + e.getMessage(), e);
            }
            try {
                return new Dvj(SourceRepository.open(urlOrPath, null, where, env), where, own);
            } catch (RuntimeException e) {
                if (own) {
                    deleteQuietly(where);
                }
                throw e;
            }
        }
    }

    /** The commit a revision (branch, tag, commit, {@code HEAD}) names. */
    public String resolve(String rev) {
        return source.resolve(rev);
    }

    /** The version of a tracked path at HEAD. */
    public Data data(String path) {
        return data(path, "HEAD");
    }

    /**
     * The version of a tracked path (an output, or a file or folder inside a tracked folder) at
     * {@code rev}; invalid input when the repository does not track it there.
     */
    public Data data(String path, String rev) {
        String commit = source.resolve(rev);
        TrackedOutput output = source.find(path, commit);
        return new Data(rev, commit, output, source.data(output));
    }

    /** The bytes of a tracked file at {@code rev}; see {@link Data#open}. */
    public InputStream read(String path, String rev) throws IOException {
        return data(path, rev).open();
    }

    /** The URL of a tracked file's object on the repository's default remote; see {@link Data#url}. */
    public URI url(String path, String rev) throws IOException {
        return data(path, rev).url();
    }

    /** The params at {@code rev}: file, then dotted key, to value. */
    public Map<String, Map<String, Object>> params(String rev) {
        return values(new ExperimentValues(source.repository()).params(source.resolve(rev)));
    }

    /** The metrics at {@code rev}: file, then dotted key, to value. */
    public Map<String, Map<String, Object>> metrics(String rev) {
        return values(new ExperimentValues(source.repository()).metrics(source.resolve(rev)));
    }

    private static Map<String, Map<String, Object>> values(RevisionValues values) {
        if (!values.errors().isEmpty()) {
            Map.Entry<String, String> first = values.errors().entrySet().iterator().next();
            throw DvjException.data(first.getKey() + " at " + values.rev() + ": " + first.getValue());
        }
        return values.values();
    }

    /** The lineage of a path at {@code rev}: the stages, params, data versions and commits behind it. */
    public LineageNode lineage(String path, String rev) {
        return new LineageCommand(source.repository()).run(source.repository().root().resolve(path), source.resolve(rev), false,
                Integer.MAX_VALUE);
    }

    /** A tracked path's version at one revision: its id, size and bytes. */
    public final class Data {
        private final String rev;
        private final String commit;
        private final TrackedOutput output;
        private final SourceData data;

        private Data(String rev, String commit, TrackedOutput output, SourceData data) {
            this.rev = rev;
            this.commit = commit;
            this.output = output;
            this.data = data;
        }

        public String path() {
            return data.path();
        }

        /** The revision as asked for. */
        public String rev() {
            return rev;
        }

        /** The commit it resolved to. */
        public String commit() {
            return commit;
        }

        /** The content's id: a file's SHA-256, or a directory's manifest id. */
        public ObjectId oid() {
            return data.oid();
        }

        public long size() {
            return data.size();
        }

        public boolean isDirectory() {
            return data.isDirectory();
        }

        /** A directory's files, each a version of its own; empty for a file. */
        public List<Data> files() {
            List<Data> files = new ArrayList<>();
            if (data.isDirectory()) {
                for (ManifestEntry entry : data.directory().entries()) {
                    files.add(new Data(rev, commit, output, new SourceData(data.path() + "/" + entry.path(),
                            new ManifestEntry("", entry.oid(), entry.size(), entry.executable()), null)));
                }
            }
            return files;
        }

        /**
         * The file's bytes: from the repository's cache when it holds them, else downloaded from its
         * default remote (into a temp file, deleted when the stream is closed) and checked against
         * the id first. A directory cannot be read as one stream: read its {@link #files}.
         */
        public InputStream open() throws IOException {
            if (data.isDirectory()) {
                throw DvjException.invalid(data.path() + " is a directory: read its files()");
            }
            ObjectId id = data.oid();
            CacheDirectory cache = source.repository().cache();
            if (cache.has(id)) {
                return cache.open(id);
            }
            return download(source.remote(), id);
        }

        /**
         * The file's address on the repository's default remote ({@code file:} or {@code s3:}); a
         * data error when the remote lacks it or keeps it only inside a pack or as chunks.
         */
        public URI url() throws IOException {
            if (data.isDirectory()) {
                throw DvjException.invalid(data.path() + " is a directory: ask its files() for theirs");
            }
            ObjectDatabase remote = source.remote();
            Optional<URI> url = remote.urlOf(data.oid());
            return url.orElseThrow(() -> DvjException.data(remote.describe() + " has no URL of its own for " + data.path()
                    + " (" + data.oid().shortHex() + "): it is missing there, or kept inside a pack or as chunks"));
        }

        @Override
        public String toString() {
            return data.path() + "@" + rev + " " + data.oid();
        }
    }

    private InputStream download(ObjectDatabase remote, ObjectId id) throws IOException {
        Path temp = TempFiles.track(scratch.resolve("read-" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        boolean kept = false;
        try {
            Optional<ObjectId> got = remote.read(id, in -> {
                MessageDigest digest = HashAlgorithm.SHA256.newDigest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                    in.transferTo(out);
                }
                return ObjectId.ofDigest(digest.digest(), false);
            });
            if (got.isEmpty()) {
                throw DvjException.data(remote.describe() + " does not hold " + id + " (push it from a clone that has it)");
            }
            if (!got.get().equals(id)) {
                throw DvjException.data(remote.describe() + ": object " + id + " is corrupt: its bytes hash to " + got.get().hex());
            }
            kept = true;
            return Files.newInputStream(temp, StandardOpenOption.DELETE_ON_CLOSE);
        } finally {
            if (!kept) {
                Files.deleteIfExists(temp);
            }
            TempFiles.done(temp);
        }
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            if (ownScratch) {
                deleteQuietly(scratch);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            FileTrees.delete(folder);
        } catch (IOException e) {
            // a leftover in the temp folder
        }
    }
}
