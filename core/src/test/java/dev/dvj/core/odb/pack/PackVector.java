package dev.dvj.core.odb.pack;

/** The test vector docs/formats.md documents: the pack of "world\n" then "hello\n". */
final class PackVector {
    static final String PACK_ID = "5a2b96fbbdb57bb93eb37a6d9c4f348401e1d63b39b2aaa1e254175569bc0700";

    private PackVector() {
    }
}
