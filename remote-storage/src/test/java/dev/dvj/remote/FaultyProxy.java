package dev.dvj.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy in front of a real S3 server that injects faults: chosen requests get an
 * HTTP 500 (or a delay) instead of being forwarded. Requests pass byte for byte, so SigV4
 * signatures stay valid; each connection carries one request ({@code Connection: close}), so
 * every request is judged on its own. Test-only, loopback-only, and it stops with the test.
 */
final class FaultyProxy implements AutoCloseable {
    /** What to do with a request, given its request line (e.g. "PUT /bucket/key HTTP/1.1"). */
    interface Rule {
        boolean fail(String requestLine);
    }

    /** What a chosen request gets. */
    enum Fault {
        /** An HTTP 500 with an S3 error document, instead of being forwarded. */
        SERVER_ERROR,
        /** An HTTP 503 SlowDown, S3's answer when it throttles. */
        SLOW_DOWN,
        /** The connection is reset before any response. */
        RESET,
        /** Forwarded after a pause. */
        DELAY,
        /** Forwarded, but the response is cut off with a TCP reset half-way through its body. */
        RESET_MID_BODY,
        /** Forwarded, with the response's head rewritten by the proxy's editor: a store that misreports. */
        EDIT_RESPONSE_HEAD
    }

    /** The fault a request gets, given its request line; null for none. */
    interface Chooser {
        Fault choose(String requestLine);
    }

    /**
     * Faults drawn at random per request, with these probabilities in percent (the rest pass
     * untouched): a flaky network and store as a user behind a bad proxy meets them.
     */
    static Chooser mixed(long seed, int resetMidBody, int reset, int slowDown, int serverError, int delay) {
        java.util.Random random = new java.util.Random(seed);
        return line -> {
            int roll;
            synchronized (random) {
                roll = random.nextInt(100);
            }
            if ((roll -= resetMidBody) < 0) {
                return Fault.RESET_MID_BODY;
            }
            if ((roll -= reset) < 0) {
                return Fault.RESET;
            }
            if ((roll -= slowDown) < 0) {
                return Fault.SLOW_DOWN;
            }
            if ((roll -= serverError) < 0) {
                return Fault.SERVER_ERROR;
            }
            return roll - delay < 0 ? Fault.DELAY : null;
        };
    }

    private final ServerSocket server;
    private final URI target;
    private final Chooser chooser;
    private final long delayMillis;
    private java.util.function.UnaryOperator<String> headEditor = head -> head;
    /** When set, the region the bucket lives in: requests signed for another get S3's redirect. */
    private String bucketRegion;
    final AtomicInteger redirected = new AtomicInteger();
    /** The regions requests were signed for, as their Authorization headers' scopes name them. */
    final Set<String> signedFor = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "faulty-proxy");
        thread.setDaemon(true);
        return thread;
    });
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger forwarded = new AtomicInteger();

    FaultyProxy(URI target, Rule rule, long delayMillis) throws IOException {
        this(target, rule, Fault.SERVER_ERROR, delayMillis);
    }

    FaultyProxy(URI target, Rule rule, Fault fault, long delayMillis) throws IOException {
        this((Chooser) line -> rule.fail(line) ? fault : null, target, delayMillis);
    }

    /** A proxy that picks each request's fault with {@code chooser}. */
    static FaultyProxy choosing(URI target, Chooser chooser) throws IOException {
        return new FaultyProxy(chooser, target, 0);
    }

    private FaultyProxy(Chooser chooser, URI target, long delayMillis) throws IOException {
        this.target = target;
        this.chooser = chooser;
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    /**
     * A proxy that forwards everything, rewriting with {@code editor} the response heads of the
     * requests whose line matches: a store whose answers do not describe what it did.
     */
    static FaultyProxy editingResponses(URI target, Predicate<String> matches, java.util.function.UnaryOperator<String> editor)
            throws IOException {
        FaultyProxy proxy = new FaultyProxy(line -> matches.test(line) ? Fault.EDIT_RESPONSE_HEAD : null, target, 0);
        proxy.headEditor = editor;
        return proxy;
    }

    /**
     * A proxy that plays Amazon S3 for a bucket in {@code region}: a request signed for another
     * region gets a 301 PermanentRedirect naming the bucket's region in x-amz-bucket-region (no
     * body for a HEAD), as S3 answers; the rest are forwarded.
     */
    static FaultyProxy bucketIn(URI target, String region) throws IOException {
        FaultyProxy proxy = new FaultyProxy(line -> null, target, 0);
        proxy.bucketRegion = region;
        return proxy;
    }

    private static final java.util.regex.Pattern SCOPE =
            java.util.regex.Pattern.compile("(?i)\r\nAuthorization: *AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/([^/]+)/s3/aws4_request");

    /** Answers a request signed for the wrong region as S3 does; false when it is the bucket's. */
    private boolean redirectedElsewhere(String head, InputStream in, Socket client) throws IOException {
        java.util.regex.Matcher scope = SCOPE.matcher(head);
        String region = scope.find() ? scope.group(1) : "";
        signedFor.add(region);
        if (bucketRegion == null || bucketRegion.equals(region)) {
            return false;
        }
        redirected.incrementAndGet();
        // Read the request's body first: a client still sending it would see a reset, not the answer.
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.skipNBytes(Long.parseLong(length.group(1)));
        }
        boolean headRequest = head.startsWith("HEAD ");
        byte[] body = headRequest ? new byte[0] : ("<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to"
                + " access must be addressed using the specified endpoint.</Message></Error>").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 301 Moved Permanently\r\nx-amz-bucket-region: " + bucketRegion
                + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return true;
    }

    /** Fails the first request for every distinct request line: each succeeds when retried. */
    static Rule failFirstAttempt() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return line -> seen.add(line);
    }

    /** Fails every request whose line matches. */
    static Rule failAlways(Predicate<String> matches) {
        return matches::test;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = text.substring(0, text.indexOf("\r\n"));
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            if (redirectedElsewhere(text, in, client)) {
                return;
            }
            Fault fault = chooser.choose(requestLine);
            if (fault == Fault.SERVER_ERROR || fault == Fault.SLOW_DOWN) {
                failed.incrementAndGet();
                boolean slow = fault == Fault.SLOW_DOWN;
                byte[] body = ("<Error><Code>" + (slow ? "SlowDown" : "InternalError") + "</Code><Message>injected</Message></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 " + (slow ? "503 Slow Down" : "500 Internal Server Error")
                        + "\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return;
            }
            if (fault == Fault.RESET) {
                failed.incrementAndGet();
                client.setSoLinger(true, 0);
                return;
            }
            if (fault == Fault.DELAY) {
                Thread.sleep(200);
            }
            forwarded.incrementAndGet();
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
                String closing = text.replaceFirst("(?i)\r\nConnection:[^\r]*", "")
                        .replaceFirst("\r\n\r\n$", "\r\nConnection: close\r\n\r\n");
                upstream.getOutputStream().write(closing.getBytes(StandardCharsets.ISO_8859_1));
                var upload = pool.submit(() -> pipe(in, upstream.getOutputStream()));
                if (fault == Fault.RESET_MID_BODY && cutHalfWay(upstream.getInputStream(), client)) {
                    failed.incrementAndGet();
                    return;
                }
                if (fault == Fault.EDIT_RESPONSE_HEAD) {
                    failed.incrementAndGet();
                    String responseHead = new String(readHead(upstream.getInputStream()), StandardCharsets.ISO_8859_1);
                    while (responseHead.startsWith("HTTP/1.1 1")) {
                        // An interim answer (100 Continue to the S3 client's Expect header): the
                        // final answer comes next, and is the one to edit.
                        client.getOutputStream().write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
                        responseHead = new String(readHead(upstream.getInputStream()), StandardCharsets.ISO_8859_1);
                    }
                    client.getOutputStream().write(headEditor.apply(responseHead).getBytes(StandardCharsets.ISO_8859_1));
                }
                pipe(upstream.getInputStream(), client.getOutputStream());
                upload.cancel(true);
            }
        } catch (IOException | InterruptedException e) {
            // The client sees a broken connection, which is itself a fault worth surviving.
        }
    }

    /**
     * Relays the response head and half of its body, then resets the connection (SO_LINGER 0
     * sends an RST), as a flaky network or a proxy that dies mid-response does. False, relaying
     * nothing, for a response without a body to cut.
     */
    private static boolean cutHalfWay(InputStream upstream, Socket client) throws IOException {
        byte[] head = readHead(upstream);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: *(\\d+)").matcher(text);
        OutputStream out = client.getOutputStream();
        out.write(head);
        long size = length.find() ? Long.parseLong(length.group(1)) : 0;
        if (size < 2) {
            pipe(upstream, out);
            return false;
        }
        out.write(upstream.readNBytes((int) (size / 2)));
        out.flush();
        client.setSoLinger(true, 0);
        return true;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static Void pipe(InputStream from, OutputStream to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = from.read(buffer)) > 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // One side closed: the exchange is over.
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
