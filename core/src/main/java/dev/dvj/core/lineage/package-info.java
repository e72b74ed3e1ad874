/**
 * {@code dvj lineage}: for any output, the chain of stages, params, data versions and commits
 * behind it (upstream), or everything that depends on a path (downstream), at any revision.
 */
package dev.dvj.core.lineage;
