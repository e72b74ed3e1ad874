package dev.dvj.cli;

import dev.dvj.core.ErrorKind;

/** Every exit code dvj returns, in one place. Documented in docs/cli.md; scripts rely on them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A check found differences: status not clean, diff --exit-code with changes. */
    public static final int DIFFERENCES = 1;
    /** Bad usage or invalid input: unknown option, malformed YAML, a pointer naming ../, a missing path. */
    public static final int INVALID_INPUT = 2;
    /** Not inside a dvj repository (or, for init, not inside a Git work tree). */
    public static final int NOT_A_REPOSITORY = 3;
    /** Data error: a missing or corrupt object, unreadable or unwritable data. */
    public static final int DATA = 4;
    /** A remote could not be reached, refused credentials, or failed. */
    public static final int REMOTE = 5;
    /** Another dvj process holds the repository lock, or checkout would overwrite unsaved changes. */
    public static final int CONFLICT = 6;
    /** A pipeline stage's command failed (its own exit code is in the message and in --json). */
    public static final int STAGE_FAILED = 7;
    /** Git refused a commit: a pre-commit or commit-msg hook rejected it, or signing failed. */
    public static final int GIT_REFUSED = 8;
    /** A bug in dvj: please report it with the output of -v. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    public static int of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> INVALID_INPUT;
            case NOT_A_REPOSITORY -> NOT_A_REPOSITORY;
            case DATA -> DATA;
            case REMOTE -> REMOTE;
            case CONFLICT -> CONFLICT;
            case GIT_REFUSED -> GIT_REFUSED;
        };
    }
}
