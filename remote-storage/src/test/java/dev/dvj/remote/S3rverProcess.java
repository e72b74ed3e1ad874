package dev.dvj.remote;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * s3rver (npm, a Node.js implementation of S3 with its own parsing of signatures, encodings and
 * multipart uploads) on a loopback port: the second S3 server dvj's uploads are checked against,
 * because one server's tolerance proves little (s3rver stored aws-chunked parts raw where S3Proxy
 * decoded them). Installed with npm on first use into a cache folder that later runs reuse. When
 * Node.js, npm or the registry is missing, the calling test is aborted with the reason, which JUnit
 * reports as skipped and this prints to stderr: never a silent pass.
 */
final class S3rverProcess implements AutoCloseable {
    static final String VERSION = "3.7.1";
    static final String ACCESS_KEY = "S3RVER";
    static final String SECRET_KEY = "S3RVER";

    private final Process process;
    private final int port;

    private S3rverProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts s3rver with one bucket, storing under {@code dataDir}; aborts the test if it cannot. */
    static S3rverProcess start(Path dataDir, String bucket) throws Exception {
        Path bin = installed();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dataDir);
        Process process = new ProcessBuilder(List.of(bin.toString(), "-d", dataDir.toString(), "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-s", "--configure-bucket", bucket))
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("s3rver.log").toFile()).start();
        S3rverProcess server = new S3rverProcess(process, port);
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("s3rver did not start; see " + dataDir.resolveSibling("s3rver.log"));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The s3rver launcher, installing it first if this machine has none yet. */
    private static Path installed() throws Exception {
        Path home = Path.of(System.getProperty("dvj.s3rver.home",
                Path.of(System.getProperty("user.home"), ".cache", "dvj-tests", "s3rver-" + VERSION).toString()));
        Path bin = home.resolve("node_modules/.bin/s3rver");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Files.createDirectories(home);
        Path log = home.resolve("npm-install.log");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", home.toString(), "s3rver@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw unavailable("npm cannot be run (" + e.getMessage() + ")");
        }
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw unavailable("npm install s3rver@" + VERSION + " took over 5 minutes");
        }
        if (npm.exitValue() != 0 || !Files.isExecutable(bin)) {
            throw unavailable("npm install s3rver@" + VERSION + " failed; see " + log);
        }
        return bin;
    }

    private static RuntimeException unavailable(String why) {
        String message = "SKIPPED: uploads were NOT checked against s3rver, the second S3 implementation: " + why;
        System.err.println(message);
        Assumptions.abort(message);
        return new IllegalStateException(message); // not reached: abort throws
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
