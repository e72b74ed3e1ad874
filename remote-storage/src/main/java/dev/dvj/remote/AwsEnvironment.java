package dev.dvj.remote;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

import dev.dvj.core.SystemEnv;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the AWS CLI and SDKs read besides dvj's own configuration: the environment and the shared
 * files ({@code ~/.aws/config}, {@code ~/.aws/credentials}), parsed by the SDK's own
 * {@link ProfileFile}. An S3 remote that sets no region or endpoint takes them from here, so
 * {@code AWS_REGION=eu-west-1 dvj push} talks to eu-west-1 as {@code aws s3 cp} would.
 *
 * <p>The order follows the AWS CLI: for the region, {@code aws.region}, {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, then the profile's {@code region}; for the endpoint,
 * {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, then the profile's {@code endpoint_url}
 * (none of them when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}). The profile is the
 * remote's {@code profile}, else {@code AWS_PROFILE}, else "default". Instance metadata is not
 * asked for a region: off EC2 that costs a timeout on every command, and S3's redirect names
 * the bucket's region anyway ({@link S3Database} follows it).
 *
 * @param env      environment variables (the process's, or a test's)
 * @param profiles the shared config and credentials files, read on first use
 */
record AwsEnvironment(Map<String, String> env, Supplier<ProfileFile> profiles) {
    static final String DEFAULT_PROFILE = "default";

    static AwsEnvironment system() {
        return of(SystemEnv.system());
    }

    /**
     * The variables and home folder dvj runs with: the shared files are AWS_CONFIG_FILE and
     * AWS_SHARED_CREDENTIALS_FILE, else {@code .aws/config} and {@code .aws/credentials} in that
     * home, as the SDK finds them.
     */
    static AwsEnvironment of(SystemEnv system) {
        Map<String, String> env = system.variables();
        Path config = nonBlank(env.get(ProfileFileSystemSetting.AWS_CONFIG_FILE.environmentVariable()))
                .map(Path::of).orElse(system.home().resolve(".aws").resolve("config"));
        Path credentials = nonBlank(env.get(ProfileFileSystemSetting.AWS_SHARED_CREDENTIALS_FILE.environmentVariable()))
                .map(Path::of).orElse(system.home().resolve(".aws").resolve("credentials"));
        return new AwsEnvironment(env, once(() -> {
            ProfileFile.Aggregator files = ProfileFile.aggregator();
            if (Files.isRegularFile(config)) {
                files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            }
            if (Files.isRegularFile(credentials)) {
                files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            }
            return files.build();
        }));
    }

    /**
     * Reads the files once per process: the SDK's providers ask their supplier on every
     * resolution, and a new ProfileFile instance would make them parse the files again.
     */
    static Supplier<ProfileFile> once(Supplier<ProfileFile> read) {
        return new Supplier<>() {
            private ProfileFile file;

            @Override
            public synchronized ProfileFile get() {
                if (file == null) {
                    file = read.get();
                }
                return file;
            }
        };
    }

    /** The profile in effect: the remote's own, else aws.profile or AWS_PROFILE, else "default". */
    String profileName(String configured) {
        return configured != null ? configured : profileFromSystem().orElse(DEFAULT_PROFILE);
    }

    /** Where the profile name came from, for messages. */
    String profileSource(String configured) {
        if (configured != null) {
            return "its profile setting";
        }
        if (nonBlank(System.getProperty(ProfileFileSystemSetting.AWS_PROFILE.property())).isPresent()) {
            return "the aws.profile property";
        }
        return profileFromSystem().isPresent() ? "AWS_PROFILE" : "the default";
    }

    private Optional<String> profileFromSystem() {
        return nonBlank(System.getProperty(ProfileFileSystemSetting.AWS_PROFILE.property()))
                .or(() -> nonBlank(env.get(ProfileFileSystemSetting.AWS_PROFILE.environmentVariable())));
    }

    Optional<String> region(String configuredProfile) {
        return nonBlank(System.getProperty("aws.region"))
                .or(() -> nonBlank(env.get("AWS_REGION")))
                .or(() -> nonBlank(env.get("AWS_DEFAULT_REGION")))
                .or(() -> profile(configuredProfile).flatMap(p -> p.property(ProfileProperty.REGION)).flatMap(AwsEnvironment::nonBlank));
    }

    Optional<URI> endpoint(String configuredProfile) {
        if ("true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").trim())) {
            return Optional.empty();
        }
        return nonBlank(env.get("AWS_ENDPOINT_URL_S3"))
                .or(() -> nonBlank(env.get("AWS_ENDPOINT_URL")))
                .or(() -> profile(configuredProfile).flatMap(p -> p.property(ProfileProperty.ENDPOINT_URL)).flatMap(AwsEnvironment::nonBlank))
                .map(URI::create);
    }

    /** The credentials for a remote without static keys: its profile, else the SDK's default chain. */
    AwsCredentialsProvider credentials(String configuredProfile) {
        Optional<String> missing = missingProfile(configuredProfile);
        if (missing.isPresent()) {
            // As the AWS CLI does, a profile named but absent is an error, not a reason to go on
            // searching (and to use whatever credentials the rest of the chain finds).
            return () -> {
                throw SdkClientException.create("Unable to load credentials: " + missing.get());
            };
        }
        if (configuredProfile != null) {
            return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(configuredProfile).build();
        }
        return DefaultCredentialsProvider.builder().profileFile(profiles).profileName(profileName(null)).build();
    }

    /**
     * Why no credentials were found, when the answer is that a named profile does not exist (a
     * typo in AWS_PROFILE or the remote's profile): the SDK's own message only lists the providers
     * it tried. Empty when the profile exists or none was named.
     */
    Optional<String> missingProfile(String configuredProfile) {
        String name = profileName(configuredProfile);
        if (DEFAULT_PROFILE.equals(name) && configuredProfile == null) {
            return Optional.empty();
        }
        if (profile(configuredProfile).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("AWS profile '" + name + "' (from " + profileSource(configuredProfile)
                + ") is in neither ~/.aws/config nor ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)");
    }

    private Optional<Profile> profile(String configuredProfile) {
        try {
            return profiles.get().profile(profileName(configuredProfile));
        } catch (RuntimeException e) {
            // A malformed shared file: the SDK's credential providers report it when they read it.
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
