/**
 * Data versions through Git history: {@code dvj show} (one version with who, when, why, schema and
 * quality) and {@code dvj log} (every version of a tracked path, with schema and quality changes).
 */
package dev.dvj.core.history;
