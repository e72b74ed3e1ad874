package dev.dvj.core.api;

/** What recording an output did. */
public enum OutputChange {
    ADDED, UPDATED, UNCHANGED
}
