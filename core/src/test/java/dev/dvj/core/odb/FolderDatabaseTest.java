package dev.dvj.core.odb;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderDatabaseTest {

    @Test
    void leftoversOfKilledPushesGoOnlyWhenNoLivePushCanOwnThem(@TempDir Path dir) throws Exception {
        byte[] bytes = "pushed".getBytes(StandardCharsets.UTF_8);
        ObjectId id = Hashing.ofBytes(bytes, false);
        Path cached = Files.write(dir.resolve("cached"), bytes);
        FolderDatabase remote = FolderDatabase.remote("folder", dir.resolve("remote"));
        remote.insert(id, cached);
        Path shard = dir.resolve("remote/sha256").resolve(id.shard());
        Path dayOld = Files.writeString(shard.resolve(id.fileName() + ".0a1b.tmp"), "killed push");
        Files.setLastModifiedTime(dayOld, FileTime.from(Instant.now().minus(Duration.ofDays(1)).minus(Duration.ofMinutes(1))));
        Path live = Files.writeString(shard.resolve(id.fileName() + ".2c3d.tmp"), "push under way elsewhere");

        Path packs = Files.createDirectories(dir.resolve("remote/packs"));
        Path killedPack = Files.writeString(packs.resolve("." + "a".repeat(64) + ".tar.0a1b.dvjtmp"), "killed mid-pack");
        Files.setLastModifiedTime(killedPack, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertEquals(Set.of(id), remote.list().keySet(), "temp files are not objects");
        assertTrue(remote.listFiles("packs").isEmpty(), "nor are they packs");
        assertEquals(2, remote.clearLeftovers(Instant.now().minus(Duration.ofDays(1))));
        assertFalse(Files.exists(killedPack));
        assertFalse(Files.exists(dayOld));
        assertTrue(Files.exists(live), "another machine may be writing it right now");
        assertTrue(remote.stat(id).isPresent());
    }
}
