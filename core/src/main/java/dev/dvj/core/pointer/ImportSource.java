package dev.dvj.core.pointer;

/**
 * Where imported data came from ({@code dvj import}): another repository's URL (or local path, as
 * given), the path it tracks there, the revision asked for (null: its default branch, followed by
 * {@code dvj update}), and the commit that revision resolved to when the data was imported. Written
 * in the pointer as {@code source:}.
 */
public record ImportSource(String url, String path, String rev, String commit) {
}
