package dev.dvj.cli;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.io.RepositoryLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Black-box tests of the packaged launcher {@code ./dvj}, run by failsafe after the jar is built:
 * real processes, a real git binary, real signals.
 */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("dvj.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path work;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("home"));
        run(work, "git", "init", "-q", "-b", "main");
        run(work, "git", "config", "user.email", "ci@example.com");
        run(work, "git", "config", "user.name", "CI");
        assertEquals(0, dvj("init").exit());
    }

    private Result dvj(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("dvj").toString()));
        command.addAll(List.of(args));
        return run(work, command.toArray(String[]::new));
    }

    private ProcessBuilder builder(Path cwd, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        return builder;
    }

    private Result run(Path cwd, String... command) throws Exception {
        Process process = builder(cwd, command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void fullRoundTripRestoresTheFirstVersionByRevision() throws Exception {
        byte[] v1 = new byte[300_000];
        new Random(1).nextBytes(v1);
        Files.write(work.resolve("model.bin"), v1);
        Files.createDirectories(work.resolve("images/sub"));
        Files.writeString(work.resolve("images/a.txt"), "a1");
        Files.writeString(work.resolve("images/sub/b.txt"), "b1");

        assertEquals(0, dvj("add", "model.bin", "images").exit());
        assertEquals(0, dvj("commit", "-m", "v1").exit());
        assertEquals(0, dvj("status").exit());

        byte[] v2 = v1.clone();
        v2[1000] ^= 1;
        Files.write(work.resolve("model.bin"), v2);
        Files.writeString(work.resolve("images/a.txt"), "a2");
        Result status = dvj("status");
        assertEquals(1, status.exit(), status.out());
        assertEquals(0, dvj("commit", "-m", "v2").exit());
        assertEquals(0, dvj("status").exit());

        Result checkout = dvj("checkout", "--rev", "HEAD~1", "model.bin", "images");
        assertEquals(0, checkout.exit(), checkout.err());
        assertArrayEquals(v1, Files.readAllBytes(work.resolve("model.bin")));
        assertEquals("a1", Files.readString(work.resolve("images/a.txt")));
        assertEquals("b1", Files.readString(work.resolve("images/sub/b.txt")));
        Result log = run(work, "git", "log", "--oneline");
        assertEquals(2, log.out().lines().count(), log.out());
    }

    @Test
    void errorsPrintOneLineAndNoStackTrace() throws Exception {
        Files.writeString(work.resolve("bad.dvj"), "path: ../../escape\nhash: sha256\n");
        Result result = dvj("status");
        assertEquals(2, result.exit());
        assertEquals("dvj: error: bad.dvj:1: path '../../escape' leaves the pointer's folder ('..' is not allowed)",
                result.err().strip());
    }

    @Test
    void killingAddMidwayLeavesNoCorruptObjectAndRerunningCompletes() throws Exception {
        Path temp = work.resolve(".dvj/cache/tmp");
        Process add = startAddOfABigFileAndAwaitItsTempFile(temp);
        add.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // On a loaded machine the kill can land after the object's rename: then it proved
        // nothing, and a file of other bytes (a new object to write) is added and killed again.
        for (int attempt = 1; attempt < 4 && !hasFiles(temp); attempt++) {
            Files.deleteIfExists(work.resolve("big.bin.dvj"));
            add = startAddOfABigFileAndAwaitItsTempFile(temp, 512 + attempt);
            add.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        // Proof that it died mid-write: its temp file is still there (SIGKILL runs no cleanup)
        // and no pointer was written.
        assertTrue(hasFiles(temp), "killed while writing the object's temp file");
        assertFalse(Files.exists(work.resolve("big.bin.dvj")), "killed before the pointer was written");
        assertEquals(137, add.exitValue(), "SIGKILL");
        assertEveryObjectMatchesItsName();

        Result again = dvj("add", "big.bin");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, dvj("status").exit());
        assertEveryObjectMatchesItsName();
        assertTrue(!hasFiles(temp), "the next writer clears what the killed one left in the cache's temp folder");
    }

    @Test
    void killingAChunkedAddMidwayLeavesNoListAndRerunningCompletes() throws Exception {
        assertEquals(0, dvj("config", "cache.chunked", "true").exit());
        assertEquals(0, dvj("config", "cache.chunk_threshold", "1M").exit());
        Path chunks = work.resolve(".dvj/cache/sha256");
        Path lists = work.resolve(".dvj/cache/chunks/sha256");
        int exit = -1;
        long landed = 0;
        // On a loaded machine the kill can land after the list's rename: then it proved nothing,
        // and a file of other bytes is added and killed again.
        for (int attempt = 0; attempt < 4 && (landed == 0 || countFiles(lists) > 0); attempt++) {
            Files.deleteIfExists(work.resolve("big.bin.dvj"));
            writeRandomFile(work.resolve("big.bin"), 384, attempt);
            Process add = builder(work, ROOT.resolve("dvj").toString(), "add", "big.bin")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long before = countFiles(chunks);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && add.isAlive() && countFiles(chunks) - before < 300) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            add.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            exit = add.exitValue();
            landed = countFiles(chunks) - before;
        }

        // Proof that it died mid-write: chunks had landed, but no list and no pointer were written.
        assertEquals(137, exit, "SIGKILL, not an add that had finished");
        assertTrue(landed >= 300 && landed < 6000, "killed part-way: " + landed + " of about 6,000 chunks stored");
        assertEquals(0, countFiles(lists), "no chunk list: the cache does not claim the half-stored file");
        assertFalse(Files.exists(work.resolve("big.bin.dvj")), "killed before the pointer was written");
        assertEveryObjectMatchesItsName();

        Result again = dvj("add", "big.bin");
        assertEquals(0, again.exit(), again.err());
        assertEquals(1, countFiles(lists));
        assertEquals(0, dvj("status").exit());
        assertEquals(0, dvj("fsck").exit());
        Files.delete(work.resolve("big.bin"));
        assertEquals(0, dvj("checkout").exit());
        assertEveryObjectMatchesItsName();
    }

    @Test
    void theLibraryExampleReadsAPenguinsVersionByTagFromTheRemote() throws Exception {
        List<String> rows = Files.readAllLines(ROOT.resolve("examples/data/penguins.csv"));
        Files.createDirectories(work.resolve("data"));
        List<String> firstVersion = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == 0 || i % 3 != 0) {
                firstVersion.add(rows.get(i));
            }
        }
        Files.write(work.resolve("data/penguins.csv"), firstVersion);
        assertEquals(0, dvj("remote", "add", "-d", "store", "../store").exit());
        assertEquals(0, dvj("add", "data/penguins.csv").exit());
        assertEquals(0, dvj("commit", "-m", "v1").exit());
        assertEquals(0, run(work, "git", "tag", "v1").exit());
        Files.write(work.resolve("data/penguins.csv"), rows);
        assertEquals(0, dvj("add", "data/penguins.csv").exit());
        assertEquals(0, dvj("commit", "-m", "v2").exit());
        assertEquals(0, dvj("push", "-T").exit()); // every tagged version
        // Not in the cache: the example reads it straight from the remote.
        dev.dvj.core.io.FileTrees.delete(work.resolve(".dvj/cache"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result example = run(dir, java, "-cp", ROOT.resolve("cli/target/dvj.jar").toString(),
                ROOT.resolve("examples/library/ReadPenguins.java").toString(), work.toString(), "v1");
        assertEquals(0, example.exit(), example.err());
        assertTrue(example.out().startsWith("data/penguins.csv at v1 (commit "), example.out());
        assertTrue(example.out().contains(": " + (firstVersion.size() - 1) + " penguins, "), example.out());
        assertTrue(example.out().contains("  Adelie: ") && example.out().contains("  Gentoo: "), example.out());
    }

    @Test
    void interruptingAddRemovesItsHalfWrittenTempFile() throws Exception {
        Path temp = work.resolve(".dvj/cache/tmp");
        Process add = startAddOfABigFileAndAwaitItsTempFile(temp);
        assertTrue(add.isAlive() && hasFiles(temp), "interrupted while writing its temp file");
        add.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertTrue(add.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, add.exitValue(), "ended by the signal, not finished");
        assertFalse(Files.exists(work.resolve("big.bin.dvj")));
        assertFalse(hasFiles(temp), "the interrupted add removed its own temp file on the way out");
    }

    @Test
    void killingPushMidwayLeavesOnlyWholeObjectsOnTheRemoteAndRerunningCompletes() throws Exception {
        addThreeThousandSmallFiles(7);
        Path remote = dir.resolve("remote");
        assertEquals(0, dvj("remote", "add", "-d", "backup", remote.toString()).exit());
        assertEquals(0, dvj("remote", "modify", "backup", "pack_threshold", "0").exit(), "every object loose, as before packs");
        String manifest = Files.readString(work.resolve("images.dvj")).lines().filter(l -> l.contains("oid:"))
                .findFirst().orElseThrow().replaceAll(".*oid: *", "").strip();

        Path objects = remote.resolve("sha256");
        // Proof that it dies mid-push: it has begun (200 objects) and not finished.
        assertEquals(137, killPushOnceFilesLanded(objects, 200), "SIGKILL, not a push that had finished");
        long landed = countFiles(objects);
        assertTrue(landed >= 200 && landed < 3001, "killed part-way: " + landed + " of 3001 objects");

        assertEveryObjectMatchesItsName(objects);
        Path manifestOnRemote = objects.resolve(manifest.substring(0, 2)).resolve(manifest.substring(2));
        if (Files.exists(manifestOnRemote)) {
            assertEquals(3001, countFiles(objects), "a manifest on the remote means every file is there");
        }
        Result status = dvj("status", "-c");
        assertEquals(Files.exists(manifestOnRemote) ? 0 : 1, status.exit(), status.out() + status.err());

        Result again = dvj("push");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, dvj("status", "-c").exit(), "everything is on the remote after the rerun");
        assertEquals(3001, countFiles(objects));
        assertEveryObjectMatchesItsName(objects);
    }

    @Test
    void killingPushMidPackLeavesNoIndexThatNamesMissingBytesAndRerunningCompletes() throws Exception {
        addThreeThousandSmallFiles(11);
        Path remote = dir.resolve("remote");
        assertEquals(0, dvj("remote", "add", "-d", "backup", remote.toString()).exit());
        assertEquals(0, dvj("remote", "modify", "backup", "pack_size", "64K").exit(), "about 70 packs");

        Path packs = remote.resolve("packs");
        // Proof that it dies mid-push: packs have landed, and the push has not finished.
        assertEquals(137, killPushOnceFilesLanded(packs, 10), "SIGKILL, not a push that had finished");
        long indexes;
        try (var files = Files.list(packs)) {
            indexes = files.filter(f -> f.getFileName().toString().endsWith(".idx")).count();
        }
        assertTrue(indexes >= 1 && indexes < 60, "killed part-way: " + indexes + " of about 70 packs indexed");

        Result fsck = dvj("fsck", "-c", "--json");
        assertEquals(0, fsck.exit(), "every index names a whole pack that holds what it says: " + fsck.out());
        assertEquals(1, dvj("status", "-c").exit(), "not everything is pushed");
        Result again = dvj("push");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, dvj("status", "-c", "--verify").exit(), "everything is on the remote after the rerun, verified");
        assertEquals(0, dvj("fsck", "-c").exit());
    }

    /** Starts {@code dvj push -j 2}, SIGKILLs it once {@code count} files are in {@code folder}; returns its exit code. */
    private int killPushOnceFilesLanded(Path folder, long count) throws Exception {
        Process push = builder(work, ROOT.resolve("dvj").toString(), "push", "-j", "2")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && push.isAlive() && countFiles(folder) < count) {
            TimeUnit.MILLISECONDS.sleep(2);
        }
        push.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return push.exitValue();
    }

    /** {@code dvj add} of a folder of 3,000 random files of 0.5-2.5 KiB. */
    private void addThreeThousandSmallFiles(long seed) throws Exception {
        Path images = Files.createDirectories(work.resolve("images"));
        Random random = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[512 + random.nextInt(2048)];
            random.nextBytes(bytes);
            Files.write(images.resolve("img" + i + ".bin"), bytes);
        }
        assertEquals(0, dvj("add", "images").exit());
    }

    private static long countFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        // A push may be renaming temp files right now: a walk must not trip over one that vanished.
        long[] count = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().endsWith(".tmp")) {
                    count[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    @Test
    void killingAnExperimentMidRunLeavesNoHalfWrittenRefAndTheNextRunClearsItsWorkspace() throws Exception {
        Files.writeString(work.resolve("params.yaml"), "nap: 60\n");
        Files.writeString(work.resolve("dvj.yaml"), "stages:\n  nap:\n    cmd: touch started && sleep ${nap} && echo done > out.txt\n"
                + "    params: [nap]\n    outs: [out.txt]\n");
        run(work, "git", "add", "-A");
        run(work, "git", "commit", "-q", "-m", "base");
        Path started = work.resolve(".dvj/tmp/exps/slow/started");
        Process exp = builder(work, ROOT.resolve("dvj").toString(), "exp", "run", "-n", "slow")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && exp.isAlive() && !Files.exists(started)) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        List<ProcessHandle> stage = exp.descendants().toList();
        exp.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        stage.forEach(ProcessHandle::destroyForcibly);
        assertEquals(137, exp.exitValue(), "SIGKILL, not a run that had finished");
        assertTrue(Files.exists(started), "killed while its stage was running");

        // The experiment's ref is whole (still the queued record), no ref lock is left, and the
        // user's branch and work tree show nothing of it.
        Result show = dvj("exp", "show", "--json");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("\"status\" : \"queued\""), show.out());
        try (var refs = Files.walk(work.resolve(".git/refs"))) {
            assertTrue(refs.noneMatch(p -> p.toString().endsWith(".lock")), "no half-written ref");
        }
        assertEquals("", run(work, "git", "status", "--porcelain").out());
        Result status = dvj("status");
        assertEquals(1, status.exit(), "only the stage the main workspace never ran: " + status.out() + status.err());
        assertTrue(status.out().contains("never run"), status.out());

        assertEquals(0, dvj("exp", "remove", "slow").exit());
        Result quick = dvj("exp", "run", "-n", "quick", "-S", "nap=0");
        assertEquals(0, quick.exit(), quick.err());
        assertFalse(Files.exists(work.resolve(".dvj/tmp/exps/slow")), "the next run cleared the killed run's workspace");
        assertTrue(dvj("exp", "show").out().contains("quick"));
        // Plain git reads what JGit wrote: the ref, the commit and its record.
        assertEquals("dvj experiment quick (success)\n",
                run(work, "git", "log", "-1", "--format=%s", "refs/exps/quick").out());
        assertEquals(0, run(work, "git", "fsck", "--no-progress").exit());
    }

    @Test
    void aWriterInAnotherProcessIsRefusedWhileTheLockIsHeld() throws Exception {
        Files.writeString(work.resolve("small.txt"), "small");
        // This JVM takes the same OS file lock a dvj writer takes: the launched dvj is another process.
        try (RepositoryLock held = RepositoryLock.acquire(work.resolve(".dvj/tmp/lock"))) {
            Result refused = dvj("add", "small.txt");
            assertEquals(6, refused.exit(), refused.err());
            assertTrue(refused.err().startsWith("dvj: error: another dvj process (pid " + ProcessHandle.current().pid()),
                    refused.err());
            assertTrue(!Files.exists(work.resolve("small.txt.dvj")), "nothing was written");
            assertEquals(0, dvj("status").exit(), "readers take no lock");
        }
        assertEquals(0, dvj("add", "small.txt").exit());
    }

    /** Starts {@code dvj add} of a 512 MiB file and returns once its temp file is in the cache (or 30 s pass). */
    private Process startAddOfABigFileAndAwaitItsTempFile(Path temp) throws IOException, InterruptedException {
        return startAddOfABigFileAndAwaitItsTempFile(temp, 512);
    }

    private Process startAddOfABigFileAndAwaitItsTempFile(Path temp, int mebibytes) throws IOException, InterruptedException {
        writeBigFile(work.resolve("big.bin"), mebibytes);
        Process add = builder(work, ROOT.resolve("dvj").toString(), "add", "big.bin")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && add.isAlive() && !hasFiles(temp)) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return add;
    }

    private static void writeBigFile(Path file, int mebibytes) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(mebibytes).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mebibytes; i++) {
                block[0] = (byte) i;
                block[1] = (byte) (i >> 8);
                out.write(block);
            }
        }
    }

    /** Random bytes throughout: no two chunks alike, so every chunk is one more file in the cache. */
    private static void writeRandomFile(Path file, int mebibytes, long seed) throws IOException {
        byte[] block = new byte[1 << 20];
        Random random = new Random(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mebibytes; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isPresent();
        }
    }

    /** Objects, not the temp files (*.tmp, never listed) that a killed writer leaves beside them. */
    private static boolean isObjectFile(Path file) {
        return Files.isRegularFile(file) && !file.getFileName().toString().endsWith(".tmp");
    }

    private void assertEveryObjectMatchesItsName() throws IOException {
        assertEveryObjectMatchesItsName(work.resolve(".dvj/cache/sha256"));
    }

    private static void assertEveryObjectMatchesItsName(Path objects) throws IOException {
        if (!Files.isDirectory(objects)) {
            return;
        }
        try (Stream<Path> files = Files.walk(objects)) {
            for (Path object : files.filter(LauncherIT::isObjectFile).toList()) {
                String name = object.getParent().getFileName() + object.getFileName().toString().replace(".dir", "");
                assertEquals(name, Hashing.ofFile(object).hex(), "object " + object + " is corrupt");
            }
        }
    }

    @Test
    void versionStartsQuickly() throws Exception {
        Result version = dvj("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("dvj "), version.out());
        assertTrue(version.err().isEmpty(), "nothing on stderr: " + version.err().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void theLauncherAppendsTheUsersJvmFlags() throws Exception {
        ProcessBuilder builder = builder(work, ROOT.resolve("dvj").toString(), "--version");
        // -XX:+DisplayVMOutput undoes the launcher's silencing, so the JVM's own report shows.
        builder.environment().put("DVJ_JAVA_OPTS", "-XX:+DisplayVMOutput -XX:+PrintCommandLineFlags");
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("-XX:+PrintCommandLineFlags"), output);
        assertTrue(output.contains("-XX:+UseSerialGC"), output);
        assertTrue(output.contains("dvj "), output);
    }
}
