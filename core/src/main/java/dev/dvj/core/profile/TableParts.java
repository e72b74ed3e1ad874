package dev.dvj.core.profile;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Splits a CSV or TSV file into byte ranges that each start at a row, so that the parts can be
 * profiled at once. The split depends only on the file's bytes (parts of about
 * {@value #PART_BYTES} bytes), never on the machine, so a table gets the same profile everywhere.
 *
 * <p>A part ends after a newline that is outside any quoted field: one where the quotes before it
 * are even in number (a doubled quote inside a field counts twice). A file that breaks that rule
 * (a stray quote inside an unquoted field, which the CSV parser reads as a plain character) can
 * end a part inside a quoted field; the part's parser then fails at its end, and
 * {@link TableProfiler} profiles that file in one part instead.
 */
final class TableParts {
    /** The size of a part; a file smaller than two parts is one. */
    static final long PART_BYTES = 16L << 20;
    private static final int BUFFER = 1 << 16;

    /** Bytes [start, end) of the file. */
    record Part(long start, long end) {
    }

    private TableParts() {
    }

    static List<Part> whole(long size) {
        return List.of(new Part(0, size));
    }

    /** The file's parts of about {@code partBytes}, in order; the quote counting runs on {@code pool}. */
    static List<Part> of(Path file, long size, long partBytes, ExecutorService pool) throws IOException {
        int count = (int) (size / partBytes);
        if (count < 2) {
            return whole(size);
        }
        long[] raw = new long[count + 1];
        for (int i = 0; i <= count; i++) {
            raw[i] = size * i / count;
        }
        List<Callable<Long>> counting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long from = raw[i];
            long to = raw[i + 1];
            counting.add(() -> quotes(file, from, to));
        }
        List<Long> quotes = TableProfiler.runAll(pool, counting);
        List<Part> parts = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = 0;
            long quotesBefore = 0;
            for (int i = 1; i < count; i++) {
                quotesBefore += quotes.get(i - 1);
                long end = rowStartAfter(channel, raw[i], (quotesBefore & 1) == 1, size);
                if (end > start && end < size) {
                    parts.add(new Part(start, end));
                    start = end;
                }
            }
            parts.add(new Part(start, size));
        }
        return parts;
    }

    /** How many quote characters the bytes [from, to) hold. */
    private static long quotes(Path file, long from, long to) throws IOException {
        long found = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            byte[] bytes = buffer.array();
            for (long at = from; at < to; ) {
                buffer.clear().limit((int) Math.min(BUFFER, to - at));
                int n = channel.read(buffer, at);
                if (n <= 0) {
                    break;
                }
                found += quotes(bytes, n);
                at += n;
            }
        }
        return found;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x0101010101010101L * '"';

    /**
     * How many quotes bytes[0, n) holds, eight bytes at a time: a quote is a zero byte of the
     * word XOR quotes, and zero bytes are exactly those left without their high bit below.
     */
    static long quotes(byte[] bytes, int n) {
        long found = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long word = (long) LONGS.get(bytes, i) ^ QUOTES;
            long nonZero = ((word & LOW_SEVEN) + LOW_SEVEN) | word;
            found += Long.bitCount(~(nonZero | LOW_SEVEN));
        }
        for (; i < n; i++) {
            found += bytes[i] == '"' ? 1 : 0;
        }
        return found;
    }

    /**
     * The offset just after the first newline at or after {@code from} that is outside quotes,
     * given whether {@code from} is inside a quoted field; the file's size when there is none.
     */
    private static long rowStartAfter(FileChannel channel, long from, boolean quoted, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        byte[] bytes = buffer.array();
        boolean inside = quoted;
        for (long at = from; at < size; ) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '"') {
                    inside = !inside;
                } else if (bytes[i] == '\n' && !inside) {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return size;
    }
}
