package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.InputLimits;
import dev.dvj.core.odb.BodyReader;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.store.RunEntryFiles;
import dev.dvj.core.workspace.Parallel;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A remote in an S3 bucket, or any S3-compatible store (MinIO, Ceph, R2, S3Proxy) through
 * {@code endpoint} and path-style access, all through the SDK's {@link S3Client} (its signer, HTTP
 * client and retry strategy): requests for one key by {@link S3Requests}, listings and multipart
 * uploads (objects larger than {@link #DEFAULT_PART_SIZE}) here. S3 shows an object only once its upload completes, so a
 * remote never holds a partial object.
 */
public final class S3Database implements ObjectDatabase {
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    static final int PARALLEL_PARTS = 4;
    private static final String LAYOUT = "sha256/";
    private static final long IN_MEMORY_BODY = 1 << 20;

    private final String name;
    private final S3Settings settings;
    private final int connections;
    /** Built on first use, like the two below: a pull whose objects are all cached loads none. */
    private SdkHttpClient http;
    private volatile S3Requests requests;
    /** Every request goes through it; {@link #requests()} wraps it for requests of one key. */
    private S3Client client;
    /** Clients built for a region the bucket turned out not to be in, closed with this remote. */
    private final List<S3Client> retiredClients = new ArrayList<>();
    /**
     * The region requests are signed for: the configured one (or the AWS environment's), until S3
     * answers with the bucket's own ({@link #regional}).
     */
    private volatile String region;
    private final long partSize;
    /** One provider for both kinds of request, so the default chain is searched (and cached) once. */
    private final AwsCredentialsProvider credentials;
    private final ExecutorService partUploads = Executors.newFixedThreadPool(PARALLEL_PARTS, r -> {
        Thread thread = new Thread(r, "dvj-s3-part");
        thread.setDaemon(true);
        return thread;
    });

    S3Database(String name, S3Settings settings, int connections, long partSize) {
        this.name = name;
        this.settings = settings;
        this.partSize = partSize;
        this.connections = connections;
        this.credentials = credentials(settings);
        this.region = region(settings);
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            ApacheHttpClient.Builder builder = ApacheHttpClient.builder()
                    // A 100-continue round trip before every PUT doubles the latency of small
                    // objects; dvj's objects are content-addressed and retried whole anyway.
                    .expectContinueEnabled(false)
                    .maxConnections(Math.max(8, connections))
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60));
            if (settings.endpoint() != null && "http".equalsIgnoreCase(settings.endpoint().getScheme())) {
                builder.socketFactory(new DeferredTlsSocketFactory());
            }
            http = builder.build();
        }
        return http;
    }

    /** Called for every object, from every transfer thread: locks only until it is built. */
    private S3Requests requests() {
        S3Requests built = requests;
        if (built == null) {
            synchronized (this) {
                built = requests;
                if (built == null) {
                    built = new S3Requests(client(), settings.bucket());
                    requests = built;
                }
            }
        }
        return built;
    }

    /** Called a few times per command (listings, multipart steps), so a plain lock will do. */
    private synchronized S3Client client() {
        if (client == null) {
            client = buildClient(settings, region, http(), credentials);
        }
        return client;
    }

    /** One request (or a few steps of one operation) to the bucket; may throw the SDK's exceptions. */
    private interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, and once more in the bucket's own region when S3 answers that the bucket
     * lives elsewhere (a 301 PermanentRedirect, or a 400 whose x-amz-bucket-region header names
     * another region), as the AWS CLI and the SDK's cross-region client do. The region is then
     * kept for every later request of this remote; set {@code region} to skip the first redirect.
     */
    private <T> T regional(Call<T> call) throws IOException {
        String before = region;
        try {
            return call.run();
        } catch (S3Exception e) {
            String hint = bucketRegionHint(e);
            if (hint == null || hint.equals(before)) {
                throw e;
            }
            moveTo(hint);
            return call.run();
        }
    }

    /** The bucket's region, when an error response is S3 saying the request went to the wrong one. */
    static String bucketRegionHint(S3Exception e) {
        int status = e.statusCode();
        if (status != 301 && status != 307 && status != 400 && status != 403) {
            return null;
        }
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return null;
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                .filter(r -> dev.dvj.core.odb.RemoteDatabases.isRegionName(r))
                .orElse(null);
    }

    private synchronized void moveTo(String bucketRegion) {
        if (bucketRegion.equals(region)) {
            return; // another thread's request was redirected first
        }
        region = bucketRegion;
        requests = null;
        if (client != null) {
            retiredClients.add(client); // other threads may still be listing with it
            client = null;
        }
    }

    public static S3Database open(String name, S3Settings settings, int connections) {
        return new S3Database(name, settings, connections, DEFAULT_PART_SIZE);
    }

    private static S3Client buildClient(S3Settings settings, String region, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                // S3-compatible stores often reject the SDK's newer default checksums; S3 needs none.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Part bodies go as plain bytes with their SHA-256 in the signature, not in
                // aws-chunked encoding, which some compatible stores (s3rver) store raw.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // One connection pool for both kinds of request; S3Database closes it.
                .httpClient(http)
                // Listings and multipart parts retry as often as single-object requests do.
                .overrideConfiguration(c -> c.retryStrategy(SdkRetries.transferStrategy()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
            if (settings.pathStyle()) {
                builder.endpointProvider(new PathStyleEndpoint(settings.endpoint()));
            }
        }
        return builder.build();
    }

    private static String region(S3Settings settings) {
        return settings.region() != null ? settings.region() : "us-east-1";
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId() != null && settings.secretAccessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        }
        return settings.aws().credentials(settings.profile());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return settings.url();
    }

    /** {@code s3://BUCKET/KEY} of a stored object; empty when the bucket does not hold it. */
    @Override
    public Optional<java.net.URI> urlOf(ObjectId id) throws IOException {
        if (stat(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(java.net.URI.create("s3://" + settings.bucket() + "/" + key(id)));
    }

    private String key(ObjectId id) {
        return settings.prefix() + LAYOUT + id.shard() + "/" + id.fileName();
    }

    /**
     * Lists each of the 256 fan-out folders on its own, in parallel. One listing of the whole
     * layout is a chain of sequential pages (20 round trips for 20,000 objects on S3), and
     * S3Proxy's filesystem store walks the whole tree again for every page: a no-op push of
     * 20,000 files took 34 s that way, 2.7 s this way. Callers list only when checking hundreds of
     * objects, so the 256 requests of a small remote are never the cost of a small push.
     */
    @Override
    public Map<ObjectId, ObjectInfo> list() throws IOException {
        String root = settings.prefix() + LAYOUT;
        try {
            Map<ObjectId, ObjectInfo> objects = new HashMap<>();
            List<String> shards = new ArrayList<>(256);
            for (int i = 0; i < 256; i++) {
                shards.add(root + String.format("%02x/", i));
            }
            for (Map<ObjectId, ObjectInfo> shard : Parallel.map(shards, Math.max(1, connections), this::listShard)) {
                objects.putAll(shard);
            }
            return objects;
        } catch (SdkException e) {
            throw failure("cannot list", e);
        }
    }

    /** The objects in one fan-out folder ("<prefix>sha256/ab/"); keys of any other shape are skipped. */
    private Map<ObjectId, ObjectInfo> listShard(String shardPrefix) {
        Map<ObjectId, ObjectInfo> objects = new HashMap<>();
        String shard = shardPrefix.substring(shardPrefix.length() - 3, shardPrefix.length() - 1);
        try {
            regional(() -> {
                objects.clear();
                for (S3Object object : client().listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(shardPrefix)).contents()) {
                    ObjectId id = ObjectId.parseOrNull(shard + object.key().substring(shardPrefix.length()));
                    if (id != null) {
                        objects.put(id, new ObjectInfo(object.size() == null ? -1 : object.size(), object.lastModified()));
                    }
                }
                return null;
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot list", e);
        }
        return objects;
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectId id) {
        return stat(key(id), id.toString());
    }

    @Override
    public <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        try {
            return regional(() -> requests().get(key(id), reader));
        } catch (SdkException e) {
            throw failure("cannot download " + id, e);
        }
    }

    /**
     * Uploads the object and confirms that the store kept what was sent: a success status alone
     * proves nothing (s3rver stored multipart uploads with their transfer encoding's chunk
     * signatures inside, 0.07% bigger, and answered 200). A single PUT is confirmed by the store's
     * ETag, the MD5 of what it kept, against the MD5 of what was sent; where the ETag is not an
     * MD5 (multipart uploads, KMS keys), by the size a HEAD reports.
     */
    @Override
    public void insert(ObjectId id, Path file) throws IOException {
        long size = Files.size(file);
        String key = key(id);
        try {
            regional(() -> {
                if (size <= partSize) {
                    putWhole(id.toString(), key, body(file, size), size);
                } else {
                    putInParts(key, file, size);
                    confirmSize(id.toString(), key, size);
                }
                return null;
            });
        } catch (SdkException e) {
            throw failure("cannot upload " + id, e);
        }
    }

    /**
     * A stream (an object copied from a database without local files): small ones in one PUT, big
     * ones as a multipart upload of parts read one at a time. Like every upload, confirmed after.
     * The stream cannot be read twice, so a redirect to the bucket's region is not followed here.
     */
    @Override
    public long insert(ObjectId id, InputStream in, long size) throws IOException {
        String key = key(id);
        byte[] first = in.readNBytes((int) Math.min(partSize, Integer.MAX_VALUE - 8) + 1);
        try {
            if (first.length <= partSize) {
                putWhole(id.toString(), key, ContentStreamProvider.fromByteArrayUnsafe(first), first.length);
                return first.length;
            }
            long sent = putStreamInParts(key, first, in);
            confirmSize(id.toString(), key, sent);
            return sent;
        } catch (SdkException e) {
            throw failure("cannot upload " + id, e);
        }
    }

    /**
     * One PUT, confirmed by the ETag's MD5 where the store gives one, else by size.
     *
     * @param what the object id or file name, for the error
     */
    private void putWhole(String what, String key, ContentStreamProvider body, long size) {
        S3Requests.Upload upload = requests().put(key, body, size);
        String storedMd5 = upload.storedMd5();
        if (storedMd5 == null) {
            confirmSize(what, key, size);
        } else if (!storedMd5.equals(upload.sentMd5())) {
            throw notKept(what, "its ETag is the MD5 " + storedMd5 + ", the bytes sent have " + upload.sentMd5());
        }
    }

    private void confirmSize(String what, String key, long size) {
        Optional<ObjectInfo> stored = requests().head(key);
        if (stored.isEmpty()) {
            throw notKept(what, "it is not there after the upload");
        }
        if (stored.get().size() >= 0 && stored.get().size() != size) {
            throw notKept(what, "it holds " + stored.get().size() + " bytes, " + size + " were sent");
        }
    }

    /** The store answered an upload with success but kept something else. */
    private DvjException notKept(String what, String evidence) {
        return new DvjException(ErrorKind.REMOTE, "remote '" + name + "' (" + settings.url() + "): the store did not keep "
                + what + " as uploaded (" + evidence + "); it is not counted as pushed, and 'dvj status -c' shows it as damaged."
                + " A store that mishandles S3's upload encodings can do this: check its version or endpoint");
    }

    /**
     * A file's bytes for one PUT, re-readable for the signer and for retries. Small files are read
     * once into memory: most objects are small, and each re-read would cost an open and a read.
     */
    private static ContentStreamProvider body(Path file, long size) throws IOException {
        if (size <= IN_MEMORY_BODY) {
            return ContentStreamProvider.fromByteArrayUnsafe(Files.readAllBytes(file));
        }
        return () -> openAt(file, 0);
    }

    /**
     * A multipart upload with up to {@link #PARALLEL_PARTS} parts in flight, aborted on any failure
     * so no orphaned parts are left to pay for. Each part's body reopens the file at its offset, so
     * the SDK can retry a part by reading it again.
     */
    private void putInParts(String key, Path file, long size) throws IOException {
        String uploadId = client().createMultipartUpload(r -> r.bucket(settings.bucket()).key(key)).uploadId();
        try {
            List<Future<CompletedPart>> pending = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long start = offset;
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                pending.add(partUploads.submit(() -> {
                    ContentStreamProvider body = () -> openAt(file, start);
                    String etag = client().uploadPart(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                                    .partNumber(partNumber).contentLength(length),
                            RequestBody.fromContentProvider(body, length, "application/octet-stream")).eTag();
                    return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                }));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> part : pending) {
                parts.add(awaitPart(part));
            }
            client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    /** A multipart upload of a stream, one part in memory at a time; aborted on any failure. */
    private long putStreamInParts(String key, byte[] firstRead, InputStream rest) throws IOException {
        String uploadId = client().createMultipartUpload(r -> r.bucket(settings.bucket()).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            InputStream in = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(firstRead), rest);
            long sent = 0;
            for (int number = 1; ; number++) {
                byte[] part = in.readNBytes((int) partSize);
                if (part.length == 0 && number > 1) {
                    break;
                }
                int partNumber = number;
                String etag = client().uploadPart(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) part.length), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                sent += part.length;
                if (part.length < partSize) {
                    break;
                }
            }
            client().completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return sent;
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    private void abort(String key, String uploadId) {
        try {
            client().abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // The original failure is the one to report; a lifecycle rule can clean the rest.
        }
    }

    private static InputStream openAt(Path file, long offset) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CompletedPart awaitPart(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public Map<String, ObjectInfo> listFiles(String folder) {
        String root = settings.prefix() + ObjectDatabase.requireFolder(folder) + "/";
        Map<String, ObjectInfo> files = new HashMap<>();
        try {
            return regional(() -> {
                files.clear();
                for (S3Object object : client().listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(root)).contents()) {
                    String name = object.key().substring(settings.prefix().length());
                    if (ObjectDatabase.isFileName(name)) {
                        files.put(name, new ObjectInfo(object.size() == null ? -1 : object.size(), object.lastModified()));
                    }
                }
                return files;
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot list " + folder, e);
        }
    }

    /** A range GET: retried like any GET, a body that breaks off included. */
    @Override
    public <T> Optional<T> readFile(String name, long offset, long length, BodyReader<T> reader) throws IOException {
        String key = settings.prefix() + ObjectDatabase.requireFileName(name);
        if (length == 0) {
            return stat(key, name).isPresent() ? Optional.of(reader.read(InputStream.nullInputStream())) : Optional.empty();
        }
        try {
            return regional(() -> requests().get(key, offset, length, reader));
        } catch (SdkException e) {
            throw failure("cannot download " + name, e);
        }
    }

    /** A key's size and time; {@code what} names it (an object id, a file name) in errors. */
    private Optional<ObjectInfo> stat(String key, String what) {
        try {
            return regional(() -> requests().head(key));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot check " + what, e);
        }
    }

    /** One PUT, confirmed by the ETag's MD5 (or size) like an object's. */
    @Override
    public void writeFile(String name, byte[] bytes) throws IOException {
        String key = settings.prefix() + ObjectDatabase.requireFileName(name);
        try {
            regional(() -> {
                putWhole(name, key, ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length);
                return null;
            });
        } catch (SdkException e) {
            throw failure("cannot upload " + name, e);
        }
    }

    @Override
    public boolean deleteFile(String name) {
        return delete(settings.prefix() + ObjectDatabase.requireFileName(name), name);
    }

    private String runKey(String key) {
        return settings.prefix() + RunEntryFiles.FOLDER + "/" + key.substring(0, 2) + "/" + key.substring(2);
    }

    @Override
    public Set<String> listRuns() {
        String root = settings.prefix() + RunEntryFiles.FOLDER + "/";
        Set<String> keys = new TreeSet<>();
        try {
            return regional(() -> {
                keys.clear();
                for (S3Object object : client().listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(root)).contents()) {
                    String key = object.key().substring(root.length()).replace("/", "");
                    if (RunEntryFiles.isKey(key)) {
                        keys.add(key);
                    }
                }
                return keys;
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot list the run-cache", e);
        }
    }

    @Override
    public Optional<byte[]> readRun(String key) {
        try {
            return regional(() -> requests().get(runKey(key), in -> {
                byte[] entry = in.readNBytes(InputLimits.YAML_FILE + 1); // never all of a hostile one
                InputLimits.require(entry, InputLimits.YAML_FILE, "run-cache entry " + key);
                return entry;
            }));
        } catch (IOException e) {
            throw failure("cannot download run-cache entry " + key,
                    SdkClientException.builder().message(e.getMessage()).cause(e).build());
        } catch (SdkException e) {
            throw failure("cannot download run-cache entry " + key, e);
        }
    }

    @Override
    public void writeRun(String key, byte[] entry) {
        try {
            regional(() -> requests().put(runKey(key), ContentStreamProvider.fromByteArrayUnsafe(entry), entry.length));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot upload run-cache entry " + key, e);
        }
    }

    @Override
    public boolean delete(ObjectId id) {
        return delete(key(id), id.toString());
    }

    /** Deletes a key; false when it was not there (S3 answers the same either way, so it is asked first). */
    private boolean delete(String key, String what) {
        boolean existed = stat(key, what).isPresent();
        try {
            regional(() -> {
                requests().delete(key);
                return null;
            });
            return existed;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (SdkException e) {
            throw failure("cannot delete " + what, e);
        }
    }

    /** One line naming the remote and what went wrong; never a credential. */
    private DvjException failure(String what, SdkException e) {
        String reason;
        if (e instanceof S3Exception s3) {
            String code = S3Requests.errorCode(s3);
            if ("NoSuchBucket".equals(code) || (s3.statusCode() == 404 && code == null)) {
                reason = "bucket '" + settings.bucket() + "' does not exist";
            } else if (s3.statusCode() == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                reason = "the bucket is in another region than " + region + " (" + (code == null ? "HTTP " + s3.statusCode() : code)
                        + "): set it with 'dvj remote modify " + name + " region REGION' or AWS_REGION";
            } else if (s3.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                reason = "access denied (" + (code == null ? "403" : code) + "): check the credentials for this remote";
            } else if (s3.statusCode() == 503 || "SlowDown".equals(code)) {
                reason = "the store is throttling requests (" + code + ") and retries ran out; try again with fewer -j";
            } else {
                reason = "HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
            }
        } else if (e instanceof SdkClientException && isMissingCredentials(e) && missingProfile().isPresent()) {
            reason = missingProfile().get();
        } else if (e instanceof SdkClientException && isMissingCredentials(e)) {
            // The SDK's own message lists every provider it tried, on one very long line.
            reason = "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or 'dvj remote modify "
                    + name + " profile NAME', or keys with 'dvj remote modify --local'";
        } else if (e instanceof SdkClientException) {
            reason = "cannot reach " + (settings.endpoint() != null ? settings.endpoint() : "S3") + ": " + firstLine(e.getMessage());
        } else {
            reason = firstLine(e.getMessage());
        }
        return new DvjException(ErrorKind.REMOTE, describe() + " (" + settings.url() + "): " + what + ": " + reason, e);
    }

    /** A named profile (the remote's or AWS_PROFILE) that the shared AWS files do not have. */
    private Optional<String> missingProfile() {
        if (settings.accessKeyId() != null && settings.secretAccessKey() != null) {
            return Optional.empty();
        }
        return settings.aws().missingProfile(settings.profile());
    }

    private static boolean isMissingCredentials(SdkException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.startsWith("Unable to load credentials")
                    || message.startsWith("Profile file contained no credentials"))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public synchronized void close() {
        partUploads.shutdownNow();
        if (client != null) {
            client.close();
        }
        retiredClients.forEach(S3Client::close);
        if (http != null) {
            http.close();
        }
    }
}
