package dev.dvj.core.hash;

import dev.dvj.core.DvjException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The content hash that names objects. Every pointer names its algorithm so more can follow. */
public enum HashAlgorithm {
    SHA256("sha256", "SHA-256", 64);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    HashAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name used in pointer files and the cache layout, e.g. {@code sha256}. */
    public String id() {
        return id;
    }

    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required by the Java platform", e);
        }
    }

    public static HashAlgorithm byId(String id) {
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.id.equals(id)) {
                return algorithm;
            }
        }
        throw DvjException.invalid("unknown hash algorithm '" + id + "' (supported: sha256)");
    }
}
