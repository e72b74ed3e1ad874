package dev.dvj.core.odb;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.config.Config;

/**
 * Opens remotes of one kind of URL (its scheme, such as {@code s3}) as object databases. Found with
 * {@link java.util.ServiceLoader}: a module that implements a medium (dvj-remote-storage for S3)
 * lists its provider in {@code META-INF/services/dev.dvj.core.odb.MediumProvider}, so core opens
 * any configured remote without depending on that module.
 */
public interface MediumProvider {
    /** The URL scheme this provider opens, lower case: {@code s3} for {@code s3://BUCKET/PREFIX}. */
    String scheme();

    /**
     * The remote's medium (packing and chunking are added around it by {@link RemoteDatabases}).
     *
     * @param name        the remote's name, as errors and credentials name it
     * @param config      the repository's configuration ({@code remote.NAME.*})
     * @param env         where credentials and settings from the environment come from
     * @param connections requests it may make at once
     */
    ObjectDatabase open(String name, String url, Config config, SystemEnv env, int connections);
}
