package dev.dvj.remote;

import dev.dvj.core.io.BoundedInputStream;
import dev.dvj.core.odb.BodyReader;
import dev.dvj.core.odb.ObjectInfo;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The requests for one key (GET, ranged or whole, HEAD, PUT, DELETE) through the SDK's
 * {@link S3Client}: its signer, retry strategy ({@link SdkRetries}) and error types.
 *
 * <p>Until packs, these went through a signer of dvj's own on the SDK's HTTP client, since the S3
 * client's per-request pipeline cost about three times the CPU of the request itself and a
 * 20,000-file pull made 20,000 requests (8.6 s of CPU through the client, 2.9 s without). Packs cut
 * such a push to about 8 requests and the pull to about 30, so that pipeline is now well under 1%
 * of either (measured: bench/results/remote-history.md, 2026-12-04), and request signing went back
 * to the library, as security-critical code should.
 *
 * <p>A GET whose body breaks off mid-way is retried whole under the client's retry strategy (the
 * reader runs again on a fresh body); the reader's own failures (a corrupt object, a full disk)
 * end it at once.
 */
final class S3Requests {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private final S3Client client;
    private final String bucket;

    S3Requests(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    <T> Optional<T> get(String key, BodyReader<T> reader) throws IOException {
        return get(key, -1, -1, reader);
    }

    /**
     * {@code length} bytes from {@code offset} (to the end when {@code length} is negative; the
     * whole object when {@code offset} is negative); empty when the key does not exist. A store that
     * ignores the Range header and sends the whole object is read past the bytes before the range,
     * so the reader always gets exactly the range.
     */
    <T> Optional<T> get(String key, long offset, long length, BodyReader<T> reader) throws IOException {
        boolean ranged = offset >= 0;
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (ranged) {
            request.range("bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1)));
        }
        // The reader's own outcome is carried out of the SDK's hands: it must neither be retried
        // nor wrapped, unlike a failure of the connection.
        Outcome<T> outcome = new Outcome<>();
        try {
            client.getObject(request.build(), (response, stream) -> {
                Body body = new Body(stream);
                try {
                    InputStream in = body;
                    if (ranged && response.contentRange() == null) {
                        in.skipNBytes(offset);
                        in = length < 0 ? in : new BoundedInputStream(in, length);
                    }
                    outcome.value = reader.read(in);
                    outcome.failure = null;
                } catch (BodyFailed e) {
                    throw RetryableException.builder().message("the response body of " + key + " broke off: "
                            + e.getCause().getMessage()).cause(e.getCause()).build();
                } catch (IOException | RuntimeException e) {
                    outcome.failure = e;
                }
                return null;
            });
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        if (outcome.failure instanceof IOException io) {
            throw io;
        }
        if (outcome.failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return Optional.of(outcome.value);
    }

    private static final class Outcome<T> {
        T value;
        Exception failure;
    }

    /** The key's size and time, without its bytes; empty when it does not exist. */
    Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(head.contentLength() == null ? -1 : head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // a HEAD has no body to carry NoSuchKey
            }
            throw e;
        }
    }

    /**
     * Stores {@code length} bytes under the key; S3 shows the object only once all have arrived.
     * The body's MD5 goes with it (Content-MD5), so a store that received other bytes refuses
     * them, and the store's answer comes back for the caller to check what it kept.
     */
    Upload put(String key, ContentStreamProvider body, long length) {
        String md5Hex = md5Hex(body);
        PutObjectResponse response = client.putObject(r -> r.bucket(bucket).key(key).contentLength(length)
                        .contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5Hex))),
                RequestBody.fromContentProvider(body, length, "application/octet-stream"));
        ServerSideEncryption encryption = response.serverSideEncryption();
        return new Upload(md5Hex, response.eTag(), encryption == null ? null : encryption.toString(),
                response.sseCustomerAlgorithm() != null);
    }

    private static String md5Hex(ContentStreamProvider body) {
        try (InputStream in = body.newStream()) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 << 10];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
    }

    /**
     * What a store answered to a PUT.
     *
     * @param sentMd5 the MD5 of the bytes sent, in hex
     * @param etag    the store's ETag for what it kept, quoted as S3 sends it; null if none
     */
    record Upload(String sentMd5, String etag, String encryption, boolean customerKey) {
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
        client.deleteObject(r -> r.bucket(bucket).key(key));
    }

    /** S3's error code ("NoSuchKey", "SlowDown", ...), when the response carried one. */
    static String errorCode(S3Exception error) {
        return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    }

    /**
     * An object's body, whose read failures are told apart from the reader's own. Closed before its
     * end (a reader that stopped early), its connection is dropped instead of drained.
     */
    private static final class Body extends FilterInputStream {
        private final InputStream body;
        private boolean ended;

        Body(InputStream body) {
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
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw new BodyFailed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended && body instanceof AbortableInputStream abortable) {
                abortable.abort();
            }
            super.close();
        }
    }

    /** A failure of the connection while reading a body. */
    private static final class BodyFailed extends IOException {
        BodyFailed(IOException cause) {
            super(cause);
        }
    }
}
