/**
 * Params and metrics across revisions: {@code dvj params diff}, {@code dvj metrics show} and
 * {@code dvj metrics diff}. Values are read from the workspace or from Git commits, and a metrics
 * file that is a cached pipeline output is read from the cache through that commit's
 * {@code dvj.lock}.
 */
package dev.dvj.core.experiments;
