package dev.dvj.remote;

import dev.dvj.core.odb.BodyReader;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.hash.HashAlgorithm;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests a transfer makes once per object (GET, HEAD, PUT, DELETE of one key), each signed
 * with SigV4 ({@link ObjectRequestSigner}), sent through the SDK's HTTP client and retried by the
 * SDK's retry strategy ({@link SdkRetries}), but without the S3 client's per-request pipeline.
 *
 * <p>Why: that pipeline (interceptors, endpoint and auth-scheme resolution, marshalling, metrics)
 * cost about three times the CPU of the request itself. Measured against S3Proxy on 2 cores,
 * 20,000 GETs of 1-8 KiB took 8.6-8.9 s of user CPU through {@code S3Client.getObject} and
 * 2.9-3.0 s as signed requests on the same Apache client; with the server on the same cores,
 * that CPU was the pull's wall time. Everything with more to it than one request and one status
 * (listings, multipart uploads) stays on the S3 client.
 *
 * <p>Failures come out as the SDK's own exception types, as the S3 client would throw them: an
 * {@link S3Exception} with the status and S3's error code for an error response, an
 * {@link SdkClientException} wrapping the I/O error when the store cannot be reached. So the SDK's
 * retry conditions judge them exactly as they judge the client's, and {@code S3Database} maps both
 * paths' failures to messages in one place.
 */
final class S3Requests {
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    /** S3's error documents are a few hundred bytes; more than this is not an S3 error document. */
    private static final int ERROR_BODY_LIMIT = 16 << 10;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    /** Where keys are appended, parsed once: a URI per request was a measurable part of its CPU. */
    private final URI bucket;
    private final SdkRetries retries;
    private final boolean https;
    private final ObjectRequestSigner signer;

    /**
     * @param bucketUrl where keys are appended to address objects, ending in "/": the endpoint and
     *                  bucket for path-style access, the bucket's own host otherwise
     */
    S3Requests(SdkHttpClient http, AwsCredentialsProvider credentials, String region, String bucketUrl, SdkRetries retries) {
        this.http = http;
        this.credentials = credentials;
        this.bucket = URI.create(bucketUrl.endsWith("/") ? bucketUrl : bucketUrl + "/");
        this.retries = retries;
        this.signer = new ObjectRequestSigner(region);
        this.https = bucketUrl.regionMatches(true, 0, "https:", 0, 6);
    }

    /**
     * Passes the object's bytes to {@code reader}; empty when the bucket has no such key. A read
     * of the body that fails (a connection reset half-way) counts as a failed attempt, and the
     * SDK's strategy retries the whole GET with its back-off, as it would a refused request; a
     * failure of the reader's own (the cache refusing corrupt bytes, a full disk) ends it.
     */
    <T> Optional<T> get(String key, BodyReader<T> reader) throws IOException {
        return get(key, -1, -1, reader);
    }

    /**
     * The same for {@code length} bytes from {@code offset} (to the end when {@code length} is
     * negative; the whole object when {@code offset} is negative), asked for with HTTP's Range
     * header, which stays out of the signature as SigV4 allows. A store that ignores the header
     * and sends the whole object (200, not 206) is read past the bytes before the range, so the
     * reader always gets exactly the range.
     */
    <T> Optional<T> get(String key, long offset, long length, BodyReader<T> reader) throws IOException {
        boolean ranged = offset >= 0;
        try {
            return retries.run(() -> {
                SdkHttpFullRequest.Builder request = request(SdkHttpMethod.GET, key);
                if (ranged) {
                    request.putHeader("Range", "bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1)));
                }
                HttpExecuteResponse response = send(request, null, ObjectRequestSigner.UNSIGNED_PAYLOAD);
                int status = response.httpResponse().statusCode();
                if (status == 200 || (status == 206 && ranged)) {
                    try (ResponseBody body = new ResponseBody(response.responseBody().orElseGet(AbortableInputStream::createEmpty))) {
                        if (ranged && status == 200) {
                            body.skipNBytes(offset);
                            return Optional.of(reader.read(length < 0 ? body : new dev.dvj.core.io.BoundedInputStream(body, length)));
                        }
                        return Optional.of(reader.read(body));
                    } catch (BodyFailed e) {
                        throw SdkClientException.builder().message("the response body of " + key + " broke off: "
                                + e.getCause().getMessage()).cause(e.getCause()).build();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                S3Exception error = errorOf(response);
                if (status == 404 && "NoSuchKey".equals(errorCode(error))) {
                    return Optional.empty();
                }
                throw error;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The key's size and time, without its bytes; empty when it does not exist (any 404: a HEAD has no body). */
    Optional<ObjectInfo> head(String key) {
        return retries.run(() -> {
            HttpExecuteResponse response = send(request(SdkHttpMethod.HEAD, key), null, ObjectRequestSigner.UNSIGNED_PAYLOAD);
            int status = response.httpResponse().statusCode();
            if (status != 200 && status != 404) {
                throw errorOf(response);
            }
            closeQuietly(response);
            if (status == 404) {
                return Optional.empty();
            }
            SdkHttpResponse head = response.httpResponse();
            long size = head.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L);
            Instant modified = head.firstMatchingHeader("Last-Modified").map(S3Requests::httpDate).orElse(null);
            return Optional.of(new ObjectInfo(size, modified));
        });
    }

    private static Instant httpDate(String value) {
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Stores {@code length} bytes under the key; S3 shows the object only once all have arrived.
     * The body's MD5 goes with it (Content-MD5), so a store that received other bytes refuses
     * them, and the store's answer comes back for the caller to check what it kept.
     */
    Upload put(String key, ContentStreamProvider body, long length) {
        // Hashed once for all attempts: the body is the same bytes each time.
        BodyDigests digests = BodyDigests.of(body, length, !https);
        String payload = https ? ObjectRequestSigner.UNSIGNED_PAYLOAD : digests.sha256Hex();
        String contentMd5 = Base64.getEncoder().encodeToString(digests.md5());
        return retries.run(() -> {
            SdkHttpFullRequest.Builder request = request(SdkHttpMethod.PUT, key)
                    .putHeader("Content-Length", Long.toString(length))
                    .putHeader("Content-MD5", contentMd5);
            HttpExecuteResponse response = send(request, body, payload);
            expectSuccess(response);
            SdkHttpResponse head = response.httpResponse();
            return new Upload(HexFormat.of().formatHex(digests.md5()), head.firstMatchingHeader("ETag").orElse(null),
                    head.firstMatchingHeader("x-amz-server-side-encryption").orElse(null),
                    head.firstMatchingHeader("x-amz-server-side-encryption-customer-algorithm").isPresent());
        });
    }

    /**
     * What a store answered to a PUT.
     *
     * @param sentMd5 the MD5 of the bytes sent, in hex
     * @param etag    the store's ETag for what it kept, quoted as S3 sends it; null if none
     */
    record Upload(String sentMd5, String etag, String encryption, boolean customerKey) {
        private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

        /**
         * The ETag's bytes when it is the MD5 of the object, as S3 and compatible stores make it
         * for a single PUT stored plain or with S3-managed keys; null when it says nothing about
         * the bytes (KMS or customer keys, or a store with ETags of its own).
         */
        String storedMd5() {
            if (etag == null || customerKey || (encryption != null && encryption.startsWith("aws:kms"))) {
                return null;
            }
            String bare = etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
            return MD5_HEX.matcher(bare).matches() ? bare.toLowerCase(java.util.Locale.ROOT) : null;
        }
    }
    /** Deletes the key; S3 answers the same whether or not it existed. */
    void delete(String key) {
        retries.run(() -> {
            expectSuccess(send(request(SdkHttpMethod.DELETE, key), null, ObjectRequestSigner.UNSIGNED_PAYLOAD));
            return null;
        });
    }

    private SdkHttpFullRequest.Builder request(SdkHttpMethod method, String key) {
        return SdkHttpFullRequest.builder().method(method)
                .protocol(bucket.getScheme()).host(bucket.getHost()).port(bucket.getPort())
                .encodedPath(bucket.getRawPath() + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
    }

    /**
     * Signs and sends one attempt. Signing happens per attempt, as in the SDK: a retry after a
     * long back-off needs a fresh date.
     *
     * @param payload the body's SHA-256, which the signature covers so the store can check the
     *                bytes (a PUT over plain HTTP), or "UNSIGNED-PAYLOAD": over HTTPS, which protects
     *                the bytes already, as the S3 client does, and for requests without a body, where
     *                there is nothing to protect and hashing an empty body per request costs
     */
    private HttpExecuteResponse send(SdkHttpFullRequest.Builder unsigned, ContentStreamProvider body, String payload) {
        SdkHttpFullRequest signed = signer.sign(unsigned, credentials.resolveCredentials(), payload, Instant.now());
        try {
            return http.prepareRequest(HttpExecuteRequest.builder().request(signed).contentStreamProvider(body).build()).call();
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
        }
    }

    /** A body's MD5 (for Content-MD5) and, when the signature covers the payload, its SHA-256 in hex. */
    private record BodyDigests(byte[] md5, String sha256Hex) {
        /** Both digests in one read of the body, through a buffer no bigger than it. */
        static BodyDigests of(ContentStreamProvider body, long length, boolean withSha256) {
            try (InputStream in = body.newStream()) {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                MessageDigest sha256 = withSha256 ? HashAlgorithm.SHA256.newDigest() : null;
                byte[] buffer = new byte[(int) Math.max(1, Math.min(length, 64 << 10))];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    md5.update(buffer, 0, n);
                    if (sha256 != null) {
                        sha256.update(buffer, 0, n);
                    }
                }
                return new BodyDigests(md5.digest(), sha256 == null ? null : ObjectRequestSigner.payloadHash(sha256.digest()));
            } catch (IOException e) {
                throw SdkClientException.builder().message("Unable to read the request body: " + e.getMessage()).cause(e).build();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no MD5", e);
            }
        }
    }

    private static void expectSuccess(HttpExecuteResponse response) {
        if (response.httpResponse().isSuccessful()) {
            closeQuietly(response);
            return;
        }
        throw errorOf(response);
    }

    /** The exception the S3 client would throw for this error response, with S3's error code. */
    private static S3Exception errorOf(HttpExecuteResponse response) {
        SdkHttpResponse head = response.httpResponse();
        String body = readErrorBody(response);
        String code = find(ERROR_CODE, body);
        String message = find(ERROR_MESSAGE, body);
        String shown = message != null ? message : head.statusText().orElse("HTTP " + head.statusCode());
        return (S3Exception) S3Exception.builder()
                .statusCode(head.statusCode())
                .message(shown + " (Service: S3, Status Code: " + head.statusCode() + ")")
                .requestId(head.firstMatchingHeader("x-amz-request-id").orElse(null))
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(shown).serviceName("S3")
                        .sdkHttpResponse(head).build())
                .build();
    }

    /** S3's error code ("NoSuchKey", "SlowDown", ...), when the response carried one. */
    static String errorCode(S3Exception error) {
        return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    }

    private static String readErrorBody(HttpExecuteResponse response) {
        Optional<AbortableInputStream> body = response.responseBody();
        if (body.isEmpty()) {
            return "";
        }
        try (InputStream in = body.get()) {
            return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static void closeQuietly(HttpExecuteResponse response) {
        response.responseBody().ifPresent(body -> {
            try {
                body.close();
            } catch (IOException ignored) {
                // The response is complete; a failed close only costs the pooled connection.
            }
        });
    }

    /**
     * An object's body. Closed after the last byte, its connection goes back to the pool; closed
     * before (a reader that stopped early), the connection is dropped instead of being drained,
     * which for a big object would mean reading the rest of it for nothing.
     */
    private static final class ResponseBody extends FilterInputStream {
        private final AbortableInputStream body;
        private boolean ended;

        ResponseBody(AbortableInputStream body) {
            super(body);
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (IOException e) {
                throw new BodyFailed(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                ended |= n < 0;
                return n;
            } catch (IOException e) {
                throw new BodyFailed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                body.abort();
            }
            super.close();
        }
    }

    /** A failure of the connection while reading a body, told apart from the reader's own failures. */
    private static final class BodyFailed extends IOException {
        BodyFailed(IOException cause) {
            super(cause);
        }
    }
}
