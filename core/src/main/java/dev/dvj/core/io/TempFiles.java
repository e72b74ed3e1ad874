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

    /** Marks a temp path as being written by this process; returns it. */
    public static Path track(Path temp) {
        LIVE.add(temp);
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
        for (Path temp : LIVE) {
            try {
                FileTrees.delete(temp);
            } catch (IOException | RuntimeException e) {
                // Best effort on the way out; the next writer sweeps what is left.
            }
        }
    }
}
