package dev.dvj.cli;

import dev.dvj.core.DvjException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages as people write them on a command line: {@code 3d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 0}. */
public final class Ages {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([smhdw]?)");

    private Ages() {
    }

    /** @param source the option or config key the text came from, for the error message */
    public static Duration parse(String text, String source) {
        Matcher m = AGE.matcher(text.trim());
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(1).equals("0"))) {
            throw DvjException.invalid(source + ": '" + text + "' is not an age; write it as 3d, 12h, 30m, 45s, 2w or 0");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ZERO;
        };
    }
}
