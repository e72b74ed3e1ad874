package dev.dvj.core.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stat read from the JDK's fields and the one read through the public API are the same. */
class FileStatTest {
    @TempDir
    Path dir;

    @Test
    void fieldsAndPublicApiAgreeOnEveryKindOfFile() throws Exception {
        assertTrue(UnixStatFields.available(), "the tests open sun.nio.fs as the CLI jar does (pom.xml argLine)");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "hello");
        Path executable = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-x---"));
        Path wholeSecond = Files.writeString(dir.resolve("fat.txt"), "x");
        Files.setLastModifiedTime(wholeSecond, FileTime.fromMillis(1_600_000_000_000L));
        Path old = Files.writeString(dir.resolve("old.txt"), "");
        Files.setLastModifiedTime(old, FileTime.fromMillis(-86_400_000L)); // before 1970
        Path link = Files.createSymbolicLink(dir.resolve("link"), plain);
        for (Path path : List.of(plain, executable, wholeSecond, old, link)) {
            for (boolean follow : new boolean[] {true, false}) {
                var attrs = FileStat.attributes(path, follow);
                FileStat viaFields = UnixStatFields.of(attrs);
                assertEquals(FileStat.ofPublicApi(attrs), viaFields, path + " follow=" + follow);
                assertEquals(viaFields, FileStat.of(attrs));
            }
        }
        assertTrue(FileStat.read(executable).executable());
        assertEquals(5, FileStat.read(plain).size());
    }
}
