package dev.dvj.core;

/**
 * What kind of failure a {@link DvjException} reports. The CLI maps each kind to one documented
 * exit code; the library itself never decides how a process ends.
 */
public enum ErrorKind {
    /** Bad arguments or invalid input files: malformed YAML, a pointer naming ../, a missing path. */
    INVALID_INPUT,
    /** Not inside a dvj repository, or (for init) not inside a Git work tree. */
    NOT_A_REPOSITORY,
    /** Missing or corrupt objects, unreadable data, storage failures. */
    DATA,
    /** A remote could not be reached or refused the request. */
    REMOTE,
    /** Another writer holds the repository lock, or work would overwrite unsaved changes. */
    CONFLICT,
    /** Git refused a commit: a hook (pre-commit, commit-msg) rejected it, or it could not be signed. */
    GIT_REFUSED
}
