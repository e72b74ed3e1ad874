package dev.dvj.remote;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj's signer against the SDK's, which stays the reference: the same request, the same signature. */
class ObjectRequestSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:34:56Z");
    private static final AwsCredentialsIdentity KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    @Test
    void aGetToAPathStyleStoreOnAPortIsSignedAsTheSdkSignsIt() {
        assertSameAsSdk(SdkHttpMethod.GET, "http://127.0.0.1:9000/bucket/data/sha256/ab/cdef0123", null, KEYS, "us-east-1");
    }

    @Test
    void headAndDeleteOnAVirtualHostedBucketOverHttps() {
        assertSameAsSdk(SdkHttpMethod.HEAD, "https://bucket.s3.eu-west-1.amazonaws.com/p/sha256/ab/cd.dir", null, KEYS, "eu-west-1");
        assertSameAsSdk(SdkHttpMethod.DELETE, "https://bucket.s3.eu-west-1.amazonaws.com/p/sha256/ab/cd", null, KEYS, "eu-west-1");
    }

    @Test
    void aPutWithItsBodyHashedIn() {
        assertSameAsSdk(SdkHttpMethod.PUT, "http://localhost:8080/b/sha256/00/11", "some bytes".getBytes(StandardCharsets.UTF_8), KEYS, "us-east-1");
    }

    @Test
    void aPrefixThatNeedsEncodingAndTemporaryCredentials() {
        AwsCredentialsIdentity session = AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "token/with=chars+");
        assertSameAsSdk(SdkHttpMethod.GET, "http://[::1]:9000/b/my%20data/%C3%A9t%C3%A9/sha256/ab/cd", null, session, "us-west-2");
    }

    @Test
    void theSigningKeyFollowsTheDayAndTheSecret() {
        ObjectRequestSigner signer = new ObjectRequestSigner("us-east-1");
        String today = authorization(signer, KEYS, NOW);
        String tomorrow = authorization(signer, KEYS, NOW.plusSeconds(86_400));
        String otherKey = authorization(signer, AwsBasicCredentials.create("AKIDEXAMPLE", "another"), NOW);
        assertNotEquals(today, tomorrow);
        assertNotEquals(today, otherKey);
        // Back to the first day and secret: the cached key was replaced, not kept wrongly.
        assertEquals(today, authorization(signer, KEYS, NOW));
    }

    private static String authorization(ObjectRequestSigner signer, AwsCredentialsIdentity keys, Instant when) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://127.0.0.1:9000/b/k"));
        return signer.sign(request, keys, ObjectRequestSigner.UNSIGNED_PAYLOAD, when).firstMatchingHeader("Authorization").orElseThrow();
    }

    private static void assertSameAsSdk(SdkHttpMethod method, String url, byte[] body, AwsCredentialsIdentity keys, String region) {
        URI uri = URI.create(url);
        String payload = body == null ? ObjectRequestSigner.UNSIGNED_PAYLOAD : sha256Hex(body);

        SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r.identity(keys)
                .request(SdkHttpFullRequest.builder().method(method).uri(uri).build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, body != null)).request();

        SdkHttpFullRequest actual = new ObjectRequestSigner(region)
                .sign(SdkHttpFullRequest.builder().method(method).protocol(uri.getScheme()).host(uri.getHost())
                        .port(uri.getPort()).encodedPath(uri.getRawPath()), keys, payload, NOW);

        assertTrue(actual.firstMatchingHeader("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256 Credential="));
        for (String header : new String[] {"Authorization", "x-amz-date", "x-amz-content-sha256", "Host", "x-amz-security-token"}) {
            assertEquals(expected.firstMatchingHeader(header), actual.firstMatchingHeader(header), header + " of " + method + " " + url);
        }
        assertEquals(expected.getUri(), actual.getUri());
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return ObjectRequestSigner.payloadHash(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
