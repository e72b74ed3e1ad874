package dev.dvj.remote;

import org.apache.http.HttpHost;
import org.apache.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The deferred factory still speaks TLS when asked: deferring must not mean refusing. */
class DeferredTlsSocketFactoryTest {
    @Test
    void aConnectionThroughItStartsATlsHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                // Accepts and hangs up: a client that is doing TLS fails its handshake.
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read();
                } catch (Exception ignored) {
                    // the client gave up first
                }
            });
            peer.start();
            DeferredTlsSocketFactory factory = new DeferredTlsSocketFactory();
            BasicHttpContext context = new BasicHttpContext();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket socket = factory.createSocket(context);
            try {
                assertThrows(SSLException.class, () -> factory.connectSocket(2_000, socket,
                        new HttpHost("localhost", server.getLocalPort(), "https"), address, null, context));
            } finally {
                socket.close();
                peer.join(5_000);
            }
        }
    }
}
