/**
 * Remote storage for dvj: the Remote contract, local-directory and S3 remotes, and transfers
 * (push, pull, fetch). Depends on core only; picocli never appears here, AWS types never leave it.
 */
package dev.dvj.remote;
