package dev.dvj.remote;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The retry strategy of an S3 remote's client: the SDK's own (mode from {@code AWS_RETRY_MODE} or
 * the AWS profile; its conditions, back-off with jitter and token bucket, which stops retrying
 * when most requests fail) with a transfer's number of attempts.
 */
final class SdkRetries {
    private SdkRetries() {
    }

    /**
     * Attempts per request when the user has not set {@code AWS_MAX_ATTEMPTS}. The SDK's default
     * of 3 suits one API call; a transfer makes thousands, and on a network that fails a fifth of
     * requests (resets, throttling, broken bodies) some object then fails three times running in
     * almost every 2,000-object pull (measured: S3DatabaseTest#pullsCompleteThroughAMixOfNetworkAndServerFaults).
     * rclone retries low-level failures 10 times; so does dvj, under the SDK's back-off and its
     * circuit breaker, which still stops retrying when most requests fail.
     */
    static final int TRANSFER_MAX_ATTEMPTS = 10;

    /** The SDK's default strategy (mode from AWS_RETRY_MODE or the profile), with a transfer's attempts. */
    static RetryStrategy transferStrategy() {
        RetryStrategy strategy = AwsRetryStrategy.defaultRetryStrategy();
        if (SdkSystemSetting.AWS_MAX_ATTEMPTS.getIntegerValue().isEmpty()) {
            strategy = strategy.toBuilder().maxAttempts(TRANSFER_MAX_ATTEMPTS).build();
        }
        return strategy;
    }
}
