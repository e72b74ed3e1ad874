package dev.dvj.remote;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
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

    static SdkRetries standard() {
        return new SdkRetries(AwsRetryStrategy.defaultRetryStrategy());
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
