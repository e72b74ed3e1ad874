package dev.dvj.remote;

import org.apache.http.HttpHost;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The HTTP client's TLS socket factory for a store reached over plain HTTP (an S3-compatible
 * server on a local network, S3Proxy or MinIO in a test): the real one is built only if a TLS
 * connection is ever asked for, which for such an endpoint it never is.
 *
 * <p>Why: the SDK builds its TLS factory with the HTTP client, and that loads and parses the JDK's
 * trust store, about 0.1 s of CPU on the main thread before the first request of every S3 command
 * (measured on the 2-core bench machine), for connections a plain-HTTP endpoint never opens.
 */
final class DeferredTlsSocketFactory implements LayeredConnectionSocketFactory {
    private volatile LayeredConnectionSocketFactory tls;

    private LayeredConnectionSocketFactory tls() {
        LayeredConnectionSocketFactory built = tls;
        if (built == null) {
            synchronized (this) {
                built = tls;
                if (built == null) {
                    // Apache's default: the JDK's default TLS context and strict host-name checks.
                    built = SSLConnectionSocketFactory.getSocketFactory();
                    tls = built;
                }
            }
        }
        return built;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return tls().createSocket(context);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                                InetSocketAddress localAddress, HttpContext context) throws IOException {
        return tls().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
        return tls().createLayeredSocket(socket, target, port, context);
    }
}
