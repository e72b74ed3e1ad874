package dev.dvj.core.io;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer at a time per repository. An OS file lock on {@code .dvj/lock}: released by the kernel
 * when the process dies, so a killed dvj never leaves a stale lock behind.
 */
public final class RepositoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RepositoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static RepositoryLock acquire(Path lockFile) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(lockFile);
                channel.close();
                throw DvjException.conflict("another dvj process" + holder + " is changing this repository (lock "
                        + lockFile + " is held); wait for it to finish and try again");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            return new RepositoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw DvjException.data("cannot open lock file " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static String readHolder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the original error is the one worth reporting.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock anyway.
        }
    }
}
