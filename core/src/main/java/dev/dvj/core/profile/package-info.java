/**
 * Schema and quality profiles of tabular data files (CSV, TSV, JSON Lines), computed in one
 * streaming pass when a version is recorded and kept in the pointer's {@code meta}.
 */
package dev.dvj.core.profile;
