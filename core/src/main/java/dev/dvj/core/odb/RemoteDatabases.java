package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.chunk.ChunkThreshold;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.workspace.Repository;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Opens the remotes a repository configures: {@code remote.<name>.url}, with {@code core.remote}
 * naming the default. A folder is core's {@link FolderDatabase}; any other kind of URL is opened by
 * the {@link MediumProvider} registered for its scheme (the S3 one is in dvj-remote-storage, found
 * by {@link ServiceLoader} when that jar is on the class path), so the CLI, the library API and
 * imports from other repositories open remotes one way.
 */
public final class RemoteDatabases {
    private RemoteDatabases() {
    }

    /** The named remote, or the default one when {@code name} is null. */
    public static ObjectDatabase open(Repository repository, String name) {
        String chosen = name != null ? name : repository.config().get("core.remote").orElseThrow(() ->
                new DvjException(ErrorKind.INVALID_INPUT,
                        "no remote given and no default remote set (add one with 'dvj remote add -d NAME URL')"));
        String url = repository.config().get("remote." + chosen + ".url").orElseThrow(() ->
                new DvjException(ErrorKind.INVALID_INPUT, "no remote named '" + chosen
                        + "' in the configuration (see 'dvj remote list')"));
        return open(repository, chosen, url);
    }

    /**
     * The remote's medium, wrapped so small objects travel in packs (and packed objects are found):
     * {@code remote.NAME.pack_threshold} sets the biggest object packed, 0 for none;
     * {@code remote.NAME.chunk_threshold} the smallest file stored as content-defined chunks, 0 for none.
     */
    public static ObjectDatabase open(Repository repository, String name, String url) {
        return open(repository, name, url, repository.dvjDir().resolve("tmp").resolve("pack-indexes").resolve(folderFor(name)));
    }

    /**
     * As above, with the folder pack indexes are cached in given: another repository's remote is
     * read without writing into that repository ({@code dvj import}).
     */
    public static ObjectDatabase open(Repository repository, String name, String url, Path indexCache) {
        long threshold = packThreshold(repository.config().get("remote." + name + ".pack_threshold").orElse(null));
        long packSize = packSize(repository.config().get("remote." + name + ".pack_size").orElse(null));
        long chunkThreshold = chunkThreshold(repository.config().get("remote." + name + ".chunk_threshold").orElse(null));
        return new PackingDatabase(medium(repository, name, url), threshold, packSize, repository.jobs() * 4)
                .withIndexCache(indexCache)
                .withChunking(chunkThreshold);
    }

    private static ObjectDatabase medium(Repository repository, String name, String url) {
        String scheme = scheme(url);
        if (scheme == null || scheme.equals("file")) {
            return FolderDatabase.remote(name, localPath(repository.root(), url));
        }
        for (MediumProvider provider : ServiceLoader.load(MediumProvider.class, RemoteDatabases.class.getClassLoader())) {
            if (provider.scheme().equals(scheme)) {
                return provider.open(name, url, repository.config(), repository.env(), repository.jobs() * 4);
            }
        }
        throw new DvjException(ErrorKind.INVALID_INPUT, "remote '" + name + "' (" + url + ") needs dvj-remote-storage on the class path"
                + " to open " + scheme + ":// URLs");
    }

    /** {@code pack_threshold}: the biggest object packed; at most 64M, 0 for none. Null for the default. */
    public static long packThreshold(String value) {
        long bytes = value == null ? PackingDatabase.DEFAULT_THRESHOLD : size(value);
        if (bytes < 0 || bytes > (64L << 20)) {
            throw DvjException.invalid("pack_threshold must be a size up to 64M (bytes, or with K or M), 0 for no packs; not '" + value + "'");
        }
        return bytes;
    }

    /** {@code chunk_threshold}: the smallest file stored as chunks, 1M or more, 0 for none. Null for the default. */
    public static long chunkThreshold(String value) {
        return ChunkThreshold.parse("chunk_threshold", value);
    }

    /** {@code pack_size}: about how big a pack grows, from 64K to 1024M. Null for the default. */
    public static long packSize(String value) {
        long bytes = value == null ? PackingDatabase.DEFAULT_PACK_SIZE : size(value);
        if (bytes < (64 << 10) || bytes > (1L << 30)) {
            throw DvjException.invalid("pack_size must be a size from 64K to 1024M (bytes, or with K or M); not '" + value + "'");
        }
        return bytes;
    }

    private static long size(String value) {
        return ChunkThreshold.bytes(value);
    }

    /** Checks that a URL names a kind of remote dvj supports, before it is saved. */
    public static void validateUrl(String url) {
        if (url.isBlank()) {
            throw DvjException.invalid("remote URL is empty: use a folder (a path or file:///path) or s3://BUCKET/PREFIX");
        }
        String scheme = scheme(url);
        if (scheme == null && url.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            // "s3:/bucket/x" or "s3:bucket" would otherwise be a folder of that name inside the repository.
            throw DvjException.invalid("remote URL '" + url + "' has a scheme but not '://': write s3://BUCKET/PREFIX, "
                    + "file:///path, or a plain folder path");
        }
        if (scheme != null && !scheme.equals("file") && !scheme.equals("s3")) {
            throw DvjException.invalid("remote URL '" + url + "': use a folder (a path or file:///path) or s3://BUCKET/PREFIX");
        }
        if ("s3".equals(scheme)) {
            String rest = url.substring("s3://".length());
            String bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            if (bucket.isEmpty()) {
                throw DvjException.invalid("remote URL '" + url + "' names no bucket (s3://BUCKET/PREFIX)");
            }
            if (!bucket.matches("[A-Za-z0-9._-]+")) {
                throw DvjException.invalid("remote URL '" + url + "': '" + bucket + "' is not a bucket name (letters, digits, '.', '-', '_')");
            }
        }
    }

    /**
     * Checks a remote setting's value before it is written, so a typo fails now rather than at
     * the next push: path_style is true or false, an endpoint an http(s) URL, a region a name.
     */
    public static void validateSetting(String key, String value) {
        switch (key) {
            case "url" -> validateUrl(value);
            case "path_style" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw DvjException.invalid("path_style must be true or false, not '" + value + "'");
                }
            }
            case "endpoint" -> {
                URI uri;
                try {
                    uri = URI.create(value);
                } catch (IllegalArgumentException e) {
                    throw DvjException.invalid("endpoint '" + value + "' is not a URL (http://HOST:PORT or https://HOST)");
                }
                if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                    throw DvjException.invalid("endpoint '" + value + "' is not an http or https URL with a host (http://HOST:PORT or https://HOST)");
                }
            }
            case "pack_threshold" -> packThreshold(value);
            case "pack_size" -> packSize(value);
            case "chunk_threshold" -> chunkThreshold(value);
            case "region" -> {
                if (!isRegionName(value)) {
                    throw DvjException.invalid("region '" + value + "' is not a region name (like eu-west-1)");
                }
            }
            default -> {
                if (value.isBlank()) {
                    throw DvjException.invalid(key + " must not be empty");
                }
            }
        }
    }

    /** A region name as S3 spells them (eu-west-1, cn-north-1): also what a redirect may name. */
    public static boolean isRegionName(String value) {
        return value.matches("[a-z0-9-]{1,40}");
    }

    /**
     * A folder name for a remote's local state. A name from a committed configuration may be
     * anything (an absolute path); only a plain one is used as it is, any other by its hash, so the
     * folder is always a child of the one it is resolved against.
     */
    public static String folderFor(String remoteName) {
        return remoteName.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}") ? remoteName
                : dev.dvj.core.hash.Hashing.ofBytes(remoteName.getBytes(java.nio.charset.StandardCharsets.UTF_8), false).hex();
    }

    /** A local path from a plain path (relative to the repository root) or a file:// URL. */
    public static Path localPath(Path repositoryRoot, String url) {
        validateUrl(url);
        if ("file".equals(scheme(url))) {
            return Path.of(URI.create(url)).toAbsolutePath().normalize();
        }
        return repositoryRoot.resolve(url).toAbsolutePath().normalize();
    }

    private static String scheme(String url) {
        int colon = url.indexOf("://");
        return colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : null;
    }
}
