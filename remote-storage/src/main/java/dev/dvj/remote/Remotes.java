package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.workspace.Repository;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens the remotes a repository configures: {@code remote.<name>.url}, with {@code core.remote}
 * naming the default.
 */
public final class Remotes {
    private Remotes() {
    }

    /** The named remote, or the default one when {@code name} is null. */
    public static Remote open(Repository repository, String name) {
        String chosen = name != null ? name : repository.config().get("core.remote").orElseThrow(() ->
                new DvjException(ErrorKind.INVALID_INPUT,
                        "no remote given and no default remote set (add one with 'dvj remote add -d NAME URL')"));
        String url = repository.config().get("remote." + chosen + ".url").orElseThrow(() ->
                new DvjException(ErrorKind.INVALID_INPUT, "no remote named '" + chosen
                        + "' in the configuration (see 'dvj remote list')"));
        return open(repository, chosen, url);
    }

    static Remote open(Repository repository, String name, String url) {
        if (S3Settings.isS3(url)) {
            return S3Remote.open(name, S3Settings.from(name, url, repository.config()), repository.jobs() * 4);
        }
        return new LocalRemote(name, localPath(repository.root(), url));
    }

    /** Checks that a URL names a kind of remote dvj supports, before it is saved. */
    public static void validateUrl(String url) {
        String scheme = scheme(url);
        if (scheme != null && !scheme.equals("file") && !scheme.equals("s3")) {
            throw DvjException.invalid("remote URL '" + url + "': use a folder (a path or file:///path) or s3://BUCKET/PREFIX");
        }
        if ("s3".equals(scheme) && url.length() <= "s3://".length()) {
            throw DvjException.invalid("remote URL '" + url + "' names no bucket (s3://BUCKET/PREFIX)");
        }
    }

    /** A local path from a plain path (relative to the repository root) or a file:// URL. */
    static Path localPath(Path repositoryRoot, String url) {
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
