package dev.dvj.core.hash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashingTest {

    @Test
    void matchesKnownSha256Vectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Hashing.ofBytes(new byte[0], false).hex());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hashing.ofBytes("abc".getBytes(StandardCharsets.US_ASCII), false).hex());
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Hashing.ofBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII),
                        false).hex());
    }

    @Test
    void eachNewDigestStartsFreshWhateverWasDoneWithTheOthers() {
        MessageDigest used = HashAlgorithm.SHA256.newDigest();
        used.update("abc".getBytes(StandardCharsets.US_ASCII));
        MessageDigest fresh = HashAlgorithm.SHA256.newDigest();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HexFormat.of().formatHex(fresh.digest()));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HexFormat.of().formatHex(used.digest()));
    }

    @Test
    void streamingHashOfAFileEqualsHashOfItsBytes(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[3 * Hashing.CHUNK + 17];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("big.bin"), bytes);
        assertEquals(Hashing.ofBytes(bytes, false), Hashing.ofFile(file));
    }

    @Test
    void objectIdsParseWithAndWithoutTheDirectorySuffix() {
        String hex = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        ObjectId file = ObjectId.parse(hex);
        ObjectId dir = ObjectId.parse(hex + ".dir");
        assertFalse(file.directory());
        assertTrue(dir.directory());
        assertEquals("58", dir.shard());
        assertEquals(hex.substring(2) + ".dir", dir.fileName());
        assertEquals(hex + ".dir", dir.toString());
    }

    @Test
    void malformedObjectIdsAreRefused() {
        assertNull(ObjectId.parseOrNull("ABC"));
        assertNull(ObjectId.parseOrNull("5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03"));
        assertNull(ObjectId.parseOrNull("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ObjectId.parse("xyz"));
        String valid = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        // A digit outside Latin-1 (Arabic-Indic five) and one just past 'f' must not pass as hex.
        assertNull(ObjectId.parseOrNull(valid.substring(0, 63) + "\u0665"));
        assertNull(ObjectId.parseOrNull(valid.substring(0, 63) + "g"));
        assertNull(ObjectId.parseOrNull(valid.substring(0, 63) + "\u0166"));
        assertNull(ObjectId.parseOrNull(valid + "0"));
        assertThrows(IllegalArgumentException.class, () -> new ObjectId(valid.toUpperCase(java.util.Locale.ROOT), false));
        assertEquals(new ObjectId(valid, true), ObjectId.parse(valid + ".dir"));
    }
}
