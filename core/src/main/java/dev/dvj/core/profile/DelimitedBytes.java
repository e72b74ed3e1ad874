package dev.dvj.core.profile;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Reads the rows of one part of a CSV or TSV file straight from its bytes, for the profiler's
 * hot loop: no character decoding, no String per cell, eight bytes looked at a time. Jackson's CSV
 * parser, which decodes every byte into a char and every cell into a String, was about a third of
 * the time a profile took (by JFR samples).
 *
 * <p>It reads exactly what the profiler's Jackson reading reads ({@link TableProfiler}) for the
 * form nearly every table has: fields quoted or not, a quoted field's {@code ""} read as one
 * quote, rows ended by LF or CRLF, empty lines skipped. Where Jackson has quirks of its own it
 * declines the part rather than guess, and the caller reads that part with Jackson: a quote
 * inside an unquoted field, text after a closing quote, a CR alone, a line that starts with a
 * blank or control character (Jackson skips those), a quote left open at the part's end, a row
 * over {@value #LARGEST_ROW} bytes. Tests compare the two readings on generated tables
 * (DelimitedBytesTest).
 */
final class DelimitedBytes {
    /**
     * Receives each row: field {@code i} is {@code bytes[starts[i], ends[i])}, ASCII unless
     * {@code nonAscii[i]}; returns whether to read on.
     */
    interface Rows {
        boolean row(byte[] bytes, int[] starts, int[] ends, boolean[] nonAscii, int fields);
    }

    private static final int BUFFER = 1 << 20;
    static final int LARGEST_ROW = 64 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long RETURNS = ONES * '\r';
    private static final long QUOTES = ONES * '"';

    /** {@link #row} found that the buffer ends before the row does. */
    private static final int NEED_MORE = -1;
    /** {@link #row} found what this reader leaves to Jackson. */
    private static final int DECLINE = -2;
    /** {@link #row} found no more rows. */
    private static final int END = -3;

    private final FileChannel channel;
    private final long end;
    private final byte separator;
    private final long separators;
    private long position;
    private byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    /** Whether the buffer holds the rest of the part. */
    private boolean atEnd;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] escaped = new boolean[16];
    private boolean[] nonAscii = new boolean[16];
    private int fields;

    private DelimitedBytes(FileChannel channel, long start, long end, char separator) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.separator = (byte) separator;
        this.separators = ONES * (separator & 0xFF);
    }

    /**
     * Reads the rows of the file's bytes [start, end), the first row skipped when asked (the
     * header), into {@code rows} until it asks to stop; false when the part holds something this
     * reader declines, in which case the rows given so far must be dropped.
     */
    static boolean read(FileChannel channel, long start, long end, char separator, boolean skipFirstRow, Rows rows)
            throws IOException {
        if (separator >= 0x80 || separator == '"' || separator == '\n' || separator == '\r') {
            return false;
        }
        return new DelimitedBytes(channel, start, end, separator).readAll(skipFirstRow, rows);
    }

    private boolean readAll(boolean skipFirstRow, Rows rows) throws IOException {
        boolean skip = skipFirstRow;
        fill();
        while (true) {
            int next = row();
            if (next == NEED_MORE) {
                if (!fill()) {
                    return false;
                }
                continue;
            }
            if (next == DECLINE) {
                return false;
            }
            if (next == END) {
                return true;
            }
            pos = next;
            if (fields == 0) {
                continue; // an empty line
            }
            if (skip) {
                skip = false;
                continue;
            }
            unescape();
            if (!rows.row(buffer, starts, ends, nonAscii, fields)) {
                return true;
            }
        }
    }

    /**
     * Moves the unread bytes to the buffer's start (growing it when one row fills it) and reads
     * more of the part after them; false when a row is longer than {@value #LARGEST_ROW}.
     */
    private boolean fill() throws IOException {
        if (pos == 0 && limit == buffer.length) {
            if (buffer.length >= LARGEST_ROW) {
                return false;
            }
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        } else if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < buffer.length && position < end) {
            int want = (int) Math.min(buffer.length - limit, end - position);
            int read = channel.read(ByteBuffer.wrap(buffer, limit, want), position);
            if (read < 0) {
                break; // the file shrank: the part ends here
            }
            limit += read;
            position += read;
        }
        atEnd = position >= end || limit < buffer.length;
        return true;
    }

    /**
     * Finds the fields of the row at {@code pos}: returns the offset after it, {@link #NEED_MORE},
     * {@link #DECLINE} or {@link #END}. An empty line is a row of no fields.
     */
    private int row() {
        int p = pos;
        fields = 0;
        if (p >= limit) {
            return atEnd ? END : NEED_MORE;
        }
        byte first = buffer[p];
        if (first == '\n') {
            return p + 1;
        }
        if (first == '\r') {
            if (p + 1 >= limit) {
                return atEnd ? DECLINE : NEED_MORE;
            }
            return buffer[p + 1] == '\n' ? p + 2 : DECLINE;
        }
        if (first >= 0 && first <= ' ' && first != separator) {
            return DECLINE; // Jackson skips blanks and control characters that start a line
        }
        while (true) {
            if (fields == starts.length) {
                growFields();
            }
            if (p < limit && buffer[p] == '"') {
                int next = quotedField(p);
                if (next < 0) {
                    return next;
                }
                if (buffer[next - 1] != separator) {
                    return next; // the row's last field
                }
                p = next;
                continue;
            }
            int q = scanUnquoted(p);
            if (q == limit && !atEnd) {
                return NEED_MORE;
            }
            field(p, q, false, (high & HIGHS) != 0);
            if (q == limit) {
                return limit; // the part's last row, with no line end
            }
            byte c = buffer[q];
            if (c == separator) {
                p = q + 1;
            } else if (c == '\n') {
                return q + 1;
            } else if (c == '\r') {
                if (q + 1 >= limit) {
                    return atEnd ? DECLINE : NEED_MORE;
                }
                return buffer[q + 1] == '\n' ? q + 2 : DECLINE;
            } else {
                return DECLINE; // a quote inside an unquoted field
            }
        }
    }

    /** Non-ASCII bits seen by the last {@link #scanUnquoted}. */
    private long high;

    /**
     * The offset of the first separator, LF, CR or quote at or after {@code from}, or
     * {@code limit}; {@link #high} gets the high bits of the bytes before it. Eight bytes at a
     * time: a byte equal to one looked for is a zero byte of the word XOR that byte repeated.
     */
    private int scanUnquoted(int from) {
        long bits = 0;
        int q = from;
        for (; q + 8 <= limit; q += 8) {
            long word = (long) LONGS.get(buffer, q);
            long hits = zeroBytes(word ^ separators) | zeroBytes(word ^ NEWLINES) | zeroBytes(word ^ RETURNS)
                    | zeroBytes(word ^ QUOTES);
            if (hits != 0) {
                int at = Long.numberOfTrailingZeros(hits) >>> 3;
                high = bits | (word & ((1L << (at << 3)) - 1));
                return q + at;
            }
            bits |= word;
        }
        for (; q < limit; q++) {
            byte c = buffer[q];
            if (c == separator || c == '\n' || c == '\r' || c == '"') {
                break;
            }
            bits |= c & 0xFF;
        }
        high = bits;
        return q;
    }

    /**
     * The high bit of each byte of the word that is zero; exact for the lowest such byte (a
     * borrow can only mark bytes above a zero byte), which is the only one used.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /**
     * Reads the quoted field starting at {@code from} (its opening quote): records it and returns
     * the offset after its separator or line end, or {@link #NEED_MORE} or {@link #DECLINE}.
     */
    private int quotedField(int from) {
        boolean doubled = false;
        int q = from + 1;
        while (true) {
            int quote = indexOfQuote(q);
            if (quote < 0) {
                return atEnd ? DECLINE : NEED_MORE; // open at the part's end: Jackson decides
            }
            if (quote + 1 >= limit) {
                if (!atEnd) {
                    return NEED_MORE;
                }
                field(from + 1, quote, doubled, anyHigh(from + 1, quote));
                return limit;
            }
            byte after = buffer[quote + 1];
            if (after == '"') {
                doubled = true;
                q = quote + 2;
                continue;
            }
            field(from + 1, quote, doubled, anyHigh(from + 1, quote));
            if (after == separator || after == '\n') {
                return quote + 2;
            }
            if (after == '\r') {
                if (quote + 2 >= limit) {
                    return atEnd ? DECLINE : NEED_MORE;
                }
                return buffer[quote + 2] == '\n' ? quote + 3 : DECLINE;
            }
            return DECLINE; // text after the closing quote
        }
    }

    private int indexOfQuote(int from) {
        int q = from;
        for (; q + 8 <= limit; q += 8) {
            long hits = zeroBytes((long) LONGS.get(buffer, q) ^ QUOTES);
            if (hits != 0) {
                return q + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; q < limit; q++) {
            if (buffer[q] == '"') {
                return q;
            }
        }
        return -1;
    }

    private boolean anyHigh(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private void field(int from, int to, boolean doubledQuotes, boolean high) {
        starts[fields] = from;
        ends[fields] = to;
        escaped[fields] = doubledQuotes;
        nonAscii[fields] = high;
        fields++;
    }

    /** Reads each quoted field's doubled quotes as one, in place (the row is complete). */
    private void unescape() {
        for (int i = 0; i < fields; i++) {
            if (!escaped[i]) {
                continue;
            }
            int write = starts[i];
            for (int read = starts[i]; read < ends[i]; read++) {
                buffer[write++] = buffer[read];
                if (buffer[read] == '"') {
                    read++; // its twin
                }
            }
            ends[i] = write;
        }
    }

    private void growFields() {
        int size = starts.length * 2;
        starts = java.util.Arrays.copyOf(starts, size);
        ends = java.util.Arrays.copyOf(ends, size);
        escaped = java.util.Arrays.copyOf(escaped, size);
        nonAscii = java.util.Arrays.copyOf(nonAscii, size);
    }
}
