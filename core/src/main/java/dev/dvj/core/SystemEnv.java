package dev.dvj.core;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The seam between dvj and the machine it runs on: environment variables, the user's home, the
 * clock, and who and where we are. Tests pass their own so they never read the real user's files.
 *
 * @param host the machine's name, or null to look it up when first asked (the lookup can cost a
 *             DNS round trip, which no command should pay at start-up)
 */
public record SystemEnv(Map<String, String> variables, Path home, Clock clock, String user, String host) {

    public static SystemEnv system() {
        return new SystemEnv(System.getenv(), Path.of(System.getProperty("user.home")), Clock.systemUTC(),
                System.getProperty("user.name", "unknown"), null);
    }

    @Override
    public String host() {
        return host != null ? host : LocalHost.NAME;
    }

    /** Resolved once, on first use. */
    private static final class LocalHost {
        static final String NAME = hostName();
    }

    public String variable(String name) {
        return variables.get(name);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
