package dev.dvj.cli.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of the S3 protocol, on a loopback port, for {@link CdsTraining} to run push, fetch,
 * pull and status against an S3 remote: PUT, GET, HEAD and DELETE of one key, and a one-page
 * ListObjectsV2. Objects live in memory. It checks no signatures and keeps no metadata: it exists
 * so that the class-data-sharing archive holds the AWS SDK, HTTP client and transfer classes, which
 * are otherwise loaded and verified from the jar at every S3 command's first request. Never used
 * by a command.
 */
final class TrainingObjectStore implements AutoCloseable {
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    private TrainingObjectStore(HttpServer server) {
        this.server = server;
    }

    static TrainingObjectStore start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TrainingObjectStore store = new TrainingObjectStore(server);
        server.createContext("/", store::handle);
        server.start();
        return store;
    }

    /** The endpoint to give the remote, with path-style addressing ({@code ENDPOINT/BUCKET/KEY}). */
    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** How many requests it has answered: the training's check that the S3 steps really ran. */
    int requests() {
        return requests.get();
    }

    int objectCount() {
        return objects.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            int slash = path.indexOf('/', 1);
            if (slash < 0) {
                if (method.equals("GET") && query != null && query.contains("list-type=2")) {
                    list(exchange, path.substring(1), parameter(query, "prefix"));
                } else {
                    exchange.sendResponseHeaders(method.equals("HEAD") ? 200 : 501, -1);
                }
                return;
            }
            String key = path.substring(1);
            switch (method) {
                case "PUT" -> {
                    try (InputStream body = exchange.getRequestBody()) {
                        objects.put(key, body.readAllBytes());
                    }
                    exchange.getResponseHeaders().add("ETag", "\"training\"");
                    exchange.sendResponseHeaders(200, -1);
                }
                case "GET", "HEAD" -> get(exchange, key, method.equals("HEAD"));
                case "DELETE" -> {
                    objects.remove(key);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> exchange.sendResponseHeaders(501, -1);
            }
        }
    }

    private void get(HttpExchange exchange, String key, boolean head) throws IOException {
        byte[] object = objects.get(key);
        if (object == null) {
            if (head) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                send(exchange, 404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
            }
            return;
        }
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(object.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, object.length == 0 ? -1 : object.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(object);
        }
    }

    private void list(HttpExchange exchange, String bucket, String prefix) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
                .append(bucket).append("</Name><Prefix>").append(prefix).append("</Prefix>");
        int count = 0;
        StringBuilder contents = new StringBuilder();
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            if (!object.getKey().startsWith(bucket + "/")) {
                continue;
            }
            String name = object.getKey().substring(bucket.length() + 1);
            if (name.startsWith(prefix)) {
                contents.append("<Contents><Key>").append(name).append("</Key><Size>")
                        .append(object.getValue().length).append("</Size></Contents>");
                count++;
            }
        }
        xml.append("<KeyCount>").append(count).append("</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>")
                .append(contents).append("</ListBucketResult>");
        send(exchange, 200, xml.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One query parameter, decoded; empty when absent. dvj's prefixes need no more decoding. */
    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
