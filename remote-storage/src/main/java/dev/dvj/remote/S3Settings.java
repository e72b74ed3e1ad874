package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.config.Config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach an S3 (or S3-compatible) remote: {@code remote.NAME.*} keys. Credentials come from
 * the AWS SDK's default chain (environment, ~/.aws, instance roles), a named {@code profile}, or
 * static keys that may only be set in {@code .dvj/config.local.yaml} or the environment. A region
 * or endpoint the remote does not set comes from the AWS environment ({@link AwsEnvironment}).
 *
 * @param prefix the key prefix inside the bucket, empty or ending in "/"
 * @param region null for us-east-1, where S3's redirect then names the bucket's region
 * @param aws    the environment and shared AWS files the credentials are read from
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
                         String profile, String accessKeyId, String secretAccessKey, AwsEnvironment aws) {

    public static final String SECRET_KEY = "secret_access_key";
    public static final String ACCESS_KEY = "access_key_id";

    /** Settings read from this process's AWS environment. */
    public S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
                      String profile, String accessKeyId, String secretAccessKey) {
        this(bucket, prefix, region, endpoint, pathStyle, profile, accessKeyId, secretAccessKey, AwsEnvironment.system());
    }

    static S3Settings from(String name, String url, Config config, AwsEnvironment aws) {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw DvjException.invalid("remote '" + name + "': URL '" + url + "' names no bucket (s3://BUCKET/PREFIX)");
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        String key = "remote." + name + ".";
        for (String secret : new String[] {SECRET_KEY, ACCESS_KEY}) {
            if (config.isSetInProjectFile(key + secret)) {
                throw DvjException.invalid(".dvj/config.yaml: remote '" + name + "' sets " + secret
                        + " in the committed configuration; move it to .dvj/config.local.yaml (or the environment)");
            }
        }
        String profile = config.get(key + "profile").orElse(null);
        Optional<URI> endpoint = config.get(key + "endpoint").map(URI::create).or(() -> aws.endpoint(profile));
        return new S3Settings(bucket, prefix, config.get(key + "region").or(() -> aws.region(profile)).orElse(null),
                endpoint.orElse(null),
                config.getBoolean(key + "path_style", endpoint.isPresent()),
                profile,
                config.get(key + ACCESS_KEY).orElse(null), config.get(key + SECRET_KEY).orElse(null), aws);
    }

    static boolean isS3(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("s3://");
    }

    /** The URL, for messages: never includes credentials. */
    public String url() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String toString() {
        return "S3Settings[" + url() + (endpoint == null ? "" : " at " + endpoint) + "]";
    }
}
