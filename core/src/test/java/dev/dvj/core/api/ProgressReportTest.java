package dev.dvj.core.api;

import dev.dvj.core.Progress;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #25: add, commit and checkout report files and bytes, moving inside a big file. */
class ProgressReportTest {
    @TempDir
    Path dir;

    /** Records what a command reported, as the CLI's bar would show it. */
    static final class Recording implements Progress {
        final List<String> tasks = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong items = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong byteSteps = new AtomicLong();
        /** Only the tasks named so (checkout also reports the check of the objects it will place). */
        final String counted;
        volatile boolean counting;

        Recording(String counted) {
            this.counted = counted;
        }

        @Override
        public void begin(String task, long totalItems, long totalBytes) {
            tasks.add(task + " " + totalItems + " " + totalBytes);
            counting = task.startsWith(counted);
        }

        @Override
        public void advance(long doneItems, long doneBytes) {
            if (!counting) {
                return;
            }
            items.addAndGet(doneItems);
            bytes.addAndGet(doneBytes);
            if (doneBytes > 0) {
                byteSteps.incrementAndGet();
            }
        }

        @Override
        public void end() {
        }
    }

    @Test
    void addAndCheckoutReportEveryFileAndByteOnceAndMoveInsideABigFile() throws Exception {
        TestRepo repo = TestRepo.create(dir);
        byte[] big = new byte[24 << 20];
        new Random(25).nextBytes(big);
        Files.createDirectories(repo.path("data"));
        Files.write(repo.path("data/big.bin"), big);
        repo.write("images/a.txt", "a");
        repo.write("images/b.txt", "bb");
        repo.write("images/c.txt", "ccc");

        Recording add = new Recording("storing");
        try (Repository r = repo.open()) {
            r.setProgress(add);
            new AddCommand(r).run(List.of(repo.path("data/big.bin"), repo.path("images")), null);
        }
        assertEquals(List.of("storing data/big.bin 1 " + big.length, "storing images 3 6"), add.tasks);
        assertEquals(4, add.items.get());
        assertEquals(big.length + 6, add.bytes.get());
        assertTrue(add.byteSteps.get() > 3, "the bar moves inside the 24 MiB file: " + add.byteSteps.get() + " steps");

        Files.delete(repo.path("data/big.bin"));
        Recording checkout = new Recording("checkout");
        try (Repository r = repo.open()) {
            r.setProgress(checkout);
            new CheckoutCommand(r).run(List.of(repo.path("data/big.bin")), null, false);
        }
        assertEquals(List.of("checking 1 " + big.length, "checkout data/big.bin 1 " + big.length), checkout.tasks);
        assertEquals(1, checkout.items.get());
        assertEquals(big.length, checkout.bytes.get());

        // A fresh process checks the object (hashing it) before copying it, and the bar shows that too.
        Files.delete(repo.path("data/big.bin"));
        Files.deleteIfExists(repo.path(".dvj/tmp/object-stamps"));
        Files.deleteIfExists(repo.path(".dvj/tmp/object-stamps.log"));
        Recording again = new Recording("checking");
        try (Repository r = repo.open()) {
            r.setProgress(again);
            new CheckoutCommand(r).run(List.of(repo.path("data/big.bin")), null, false);
        }
        assertEquals(big.length, again.bytes.get());
        assertTrue(again.byteSteps.get() > 3, "the check moves through the file: " + again.byteSteps.get() + " steps");

        // A directory: every file counted once, at the end of the change.
        Files.writeString(repo.path("images/a.txt"), "changed");
        Recording dir = new Recording("checkout");
        try (Repository r = repo.open()) {
            r.setProgress(dir);
            new CheckoutCommand(r).run(List.of(repo.path("images")), null, true);
        }
        assertEquals(1, dir.items.get(), dir.tasks.toString());
        assertEquals(1, dir.bytes.get());
    }
}
