package dev.dvj.core.chunk;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Content-defined chunks: bounded sizes, stable under edits, and the formats' test vectors. */
class ChunkerTest {
    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<Chunker.Chunk> chunks(byte[] bytes) throws Exception {
        return Chunker.chunks(new ByteArrayInputStream(bytes));
    }

    private static Set<ObjectId> ids(List<Chunker.Chunk> chunks) {
        Set<ObjectId> ids = new HashSet<>();
        chunks.forEach(c -> ids.add(c.id()));
        return ids;
    }

    private static int newChunks(List<Chunker.Chunk> before, List<Chunker.Chunk> after) {
        Set<ObjectId> old = ids(before);
        return (int) after.stream().filter(c -> !old.contains(c.id())).count();
    }

    @Test
    void chunksCoverTheStreamWithinTheSizeBoundsAndHashTheirBytes() throws Exception {
        byte[] data = random(8 << 20, 1);
        List<Chunker.Chunk> chunks = chunks(data);
        long offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunker.Chunk chunk = chunks.get(i);
            assertEquals(offset, chunk.offset());
            assertTrue(chunk.length() <= Chunker.MAX_SIZE);
            assertTrue(chunk.length() >= Chunker.MIN_SIZE || i == chunks.size() - 1, "only the last may be short");
            byte[] bytes = java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + chunk.length());
            assertEquals(Hashing.ofBytes(bytes, false), chunk.id());
            offset += chunk.length();
        }
        assertEquals(data.length, offset);
        double average = (double) data.length / chunks.size();
        assertTrue(average > 40_000 && average < 100_000, "about 64 KiB on average: " + average);
    }

    @Test
    void aByteInsertedAtTheStartChangesAtMostTwoChunks() throws Exception {
        byte[] data = random(16 << 20, 2);
        byte[] inserted = new byte[data.length + 1];
        inserted[0] = 42;
        System.arraycopy(data, 0, inserted, 1, data.length);
        assertTrue(newChunks(chunks(data), chunks(inserted)) <= 2);
    }

    @Test
    void anInsertionInTheMiddleAndAnAppendChangeOnlyTheChunksAroundThem() throws Exception {
        byte[] data = random(32 << 20, 3);
        List<Chunker.Chunk> before = chunks(data);
        ByteArrayOutputStream middle = new ByteArrayOutputStream();
        middle.write(data, 0, data.length / 2);
        middle.write(random(1 << 20, 4));
        middle.write(data, data.length / 2, data.length - data.length / 2);
        List<Chunker.Chunk> after = chunks(middle.toByteArray());
        long newBytes = after.stream().filter(c -> !ids(before).contains(c.id())).mapToLong(Chunker.Chunk::length).sum();
        assertTrue(newBytes < (1 << 20) + 4 * Chunker.MAX_SIZE, "1 MiB inserted, " + newBytes + " bytes in new chunks");

        byte[] appended = java.util.Arrays.copyOf(data, data.length + data.length / 100);
        System.arraycopy(random(data.length / 100, 5), 0, appended, data.length, data.length / 100);
        long appendedBytes = chunks(appended).stream().filter(c -> !ids(before).contains(c.id()))
                .mapToLong(Chunker.Chunk::length).sum();
        assertTrue(appendedBytes < data.length / 100 + 2 * Chunker.MAX_SIZE, appendedBytes + " bytes in new chunks");
    }

    @Test
    void aStreamThatArrivesInDribsCutsTheSameChunks() throws Exception {
        byte[] data = random(6 << 20, 6);
        InputStream dribbling = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
        assertEquals(chunks(data), Chunker.chunks(dribbling));
        assertEquals(List.of(), chunks(new byte[0]));
        assertEquals(1, chunks(new byte[100]).size());
    }

    /**
     * The test vector of docs/formats.md: the cuts of 1 MiB of SplitMix64 output. Other cuts
     * here mean the chunking changed, and every stored chunk list with it.
     */
    @Test
    void theDocumentedTestVector() throws Exception {
        byte[] data = ChunkerVector.bytes();
        List<Chunker.Chunk> chunks = chunks(data);
        assertEquals(ChunkerVector.LENGTHS, chunks.stream().map(Chunker.Chunk::length).toList());
        assertEquals(ChunkerVector.FIRST_ID, chunks.get(0).id().hex());
        assertEquals(ChunkerVector.GEAR_0, String.format("%016x", Chunker.gearTable()[0]));
        ChunkList list = ChunkList.of(chunks);
        assertEquals(ChunkerVector.LIST_ID, Hashing.ofBytes(list.toBytes(), false).hex());
    }

    @Test
    void aChunkListReadsBackAndRefusesWhatIsMalformed() throws Exception {
        ChunkList list = ChunkList.of(chunks(random(1 << 20, 7)));
        assertEquals(list, ChunkList.parse(list.toBytes(), "x"));
        String text = new String(list.toBytes(), StandardCharsets.UTF_8);
        DvjException sum = assertThrows(DvjException.class,
                () -> ChunkList.parse(text.replaceFirst("size \\d+", "size 5").getBytes(StandardCharsets.UTF_8), "list"));
        assertTrue(sum.getMessage().contains("not the size 5"), sum.getMessage());
        DvjException line = assertThrows(DvjException.class,
                () -> ChunkList.parse((text + "../../etc/passwd 3\n").getBytes(StandardCharsets.UTF_8), "list"));
        assertTrue(line.getMessage().startsWith("list:" + (list.chunks().size() + 3) + ": "), line.getMessage());
        assertThrows(DvjException.class, () -> ChunkList.parse("dvj-chunks 1\nsize 1\n".getBytes(StandardCharsets.UTF_8), "list"));
        assertThrows(DvjException.class, () -> ChunkList.parse("hello".getBytes(StandardCharsets.UTF_8), "list"));
    }
}
