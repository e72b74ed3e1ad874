package dev.dvj.remote;

import java.time.Instant;

/**
 * What a remote says of an object it holds without sending it: its size, which a transfer checks
 * against the size it expects (a remote object of the wrong size is damaged, not present), and
 * when it was last written, which remote gc uses to spare objects pushed moments ago.
 *
 * @param modified null where the medium does not say
 */
public record StoredObject(long size, Instant modified) {
}
