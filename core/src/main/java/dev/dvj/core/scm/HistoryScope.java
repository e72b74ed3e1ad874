package dev.dvj.core.scm;

/** Which part of Git history push, fetch and gc consider besides the workspace. */
public enum HistoryScope {
    /** The tip of every local branch. */
    ALL_BRANCHES,
    /** Every tagged commit. */
    ALL_TAGS,
    /** Every commit reachable from any ref. */
    ALL_COMMITS,
    /** Every experiment's commit ({@code refs/exps/*}). */
    ALL_EXPERIMENTS
}
