/**
 * Remote media for dvj: the S3 implementation of core's {@code ObjectDatabase} contract (folder
 * remotes are core's {@code FolderDatabase}), registered for {@code s3://} URLs as a {@code MediumProvider}.
 * Transfers, gc and status over any database live in core ({@code dev.dvj.core.sync}). Depends on
 * core's contract only; picocli never appears here, AWS types never leave it.
 */
package dev.dvj.remote;
