package dev.dvj.core;

/**
 * An expected failure with a one-line, user-facing message that names the file (and line) at
 * fault. Anything else thrown out of dvj is a bug.
 */
public class DvjException extends RuntimeException {
    private final ErrorKind kind;

    public DvjException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DvjException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static DvjException invalid(String message) {
        return new DvjException(ErrorKind.INVALID_INPUT, message);
    }

    public static DvjException data(String message) {
        return new DvjException(ErrorKind.DATA, message);
    }

    public static DvjException data(String message, Throwable cause) {
        return new DvjException(ErrorKind.DATA, message, cause);
    }

    public static DvjException conflict(String message) {
        return new DvjException(ErrorKind.CONFLICT, message);
    }
}
