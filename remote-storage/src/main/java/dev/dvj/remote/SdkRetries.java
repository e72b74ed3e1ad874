package dev.dvj.remote;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a request under the AWS SDK's own retry strategy, the one an S3 client would use: the
 * retry mode from {@code AWS_RETRY_MODE} or the AWS profile (the SDK's default otherwise), its
 * conditions (5xx, throttling, I/O errors), its back-off with jitter, and its token bucket, which
 * stops retrying when most requests fail. One instance is shared by every request to a remote,
 * as one client's strategy is.
 */
final class SdkRetries {
    private static final String SCOPE = "dvj-s3";
    private final RetryStrategy strategy;

    SdkRetries(RetryStrategy strategy) {
        this.strategy = strategy;
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

    static SdkRetries standard() {
        return new SdkRetries(transferStrategy());
    }

    /** The SDK's default strategy (mode from AWS_RETRY_MODE or the profile), with a transfer's attempts. */
    static RetryStrategy transferStrategy() {
        RetryStrategy strategy = AwsRetryStrategy.defaultRetryStrategy();
        if (SdkSystemSetting.AWS_MAX_ATTEMPTS.getIntegerValue().isEmpty()) {
            strategy = strategy.toBuilder().maxAttempts(TRANSFER_MAX_ATTEMPTS).build();
        }
        return strategy;
    }

    /** The attempt's result, after as many retries as the strategy allows; else its last failure. */
    <T> T run(Supplier<T> attempt) {
        AcquireInitialTokenResponse first = strategy.acquireInitialToken(AcquireInitialTokenRequest.create(SCOPE));
        RetryToken token = first.token();
        pause(first.delay());
        while (true) {
            try {
                T result = attempt.get();
                strategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException failure) {
                try {
                    var next = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
                    token = next.token();
                    pause(next.delay());
                } catch (TokenAcquisitionFailedException noMoreRetries) {
                    throw failure;
                }
            }
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while waiting to retry").cause(e).build();
        }
    }
}
