package dev.dvj.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temp files and folders this process is writing right now, so that a run stopped by Ctrl-C
 * or SIGTERM removes them on its way out rather than leaving half-written data in the cache, the
 * workspace or a folder remote (a killed add left a 480 MiB file). Each writer tracks its temp
 * path when it picks the name and calls {@link #done} once the path is renamed into place or
 * deleted. SIGKILL runs no code at all: what it leaves is swept under the repository lock by the
 * next writer (the cache's temp folder, temp files in the outputs a checkout touches) or by gc.
 *
 * <p>The hook deletes by name only, so a temp name already renamed into place deletes nothing.
 */
public final class TempFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::removeLive, "dvj-temp-cleanup"));
    }

    private TempFiles() {
    }

    /**
     * Set once the JVM is shutting down (Ctrl-C, SIGTERM). Other threads keep running while the
     * shutdown hook does its work, and one of them starting a new temp file after the hook's sweep
     * would leave it behind: from then on, no new temp file is started.
     */
    private static volatile boolean shuttingDown;

    /** Marks a temp path as being written by this process; returns it. Refused once the JVM is shutting down. */
    public static Path track(Path temp) {
        synchronized (LIVE) {
            if (shuttingDown) {
                throw new java.io.UncheckedIOException(new java.io.InterruptedIOException("dvj is shutting down: not starting " + temp));
            }
            LIVE.add(temp);
        }
        return temp;
    }

    /** The temp path was renamed into place or removed: nothing left to clean. */
    public static void done(Path temp) {
        LIVE.remove(temp);
    }

    /** How many temp paths this process is writing (for tests). */
    public static int live() {
        return LIVE.size();
    }

    private static void removeLive() {
        synchronized (LIVE) {
            shuttingDown = true;
        }
        if (LIVE.isEmpty()) {
            return; // a normal exit: nothing being written, and no process table to read
        }
        // A child still writing (cp --reflink of a big file) would go on after this process, and
        // could even create its file after the name was deleted: stop the children first.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.current().descendants().forEach(child -> {
            try {
                child.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // Best effort: the sweep under the next writer's lock removes what is left.
            }
        });
        deleteLive();
        // A path tracked just before the flag was set is created by the very next call of its
        // thread (track, then open with CREATE_NEW), so it can appear just after the first sweep,
        // never long after: a second sweep a moment later takes it. Whatever still escapes is a
        // name the next writer's sweep under the repository lock removes.
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteLive();
    }

    private static void deleteLive() {
        for (Path temp : LIVE) {
            try {
                FileTrees.delete(temp);
            } catch (IOException | RuntimeException e) {
                // Best effort on the way out; the next writer sweeps what is left.
            }
        }
    }
}
