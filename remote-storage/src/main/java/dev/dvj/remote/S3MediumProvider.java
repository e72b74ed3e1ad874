package dev.dvj.remote;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.config.Config;
import dev.dvj.core.odb.MediumProvider;
import dev.dvj.core.odb.ObjectDatabase;

/** Opens {@code s3://} remotes for core's {@code RemoteDatabases} (registered in META-INF/services). */
public final class S3MediumProvider implements MediumProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public ObjectDatabase open(String name, String url, Config config, SystemEnv env, int connections) {
        return S3Database.open(name, S3Settings.from(name, url, config, AwsEnvironment.of(env)), connections);
    }
}
