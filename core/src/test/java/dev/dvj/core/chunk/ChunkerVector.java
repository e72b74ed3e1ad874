package dev.dvj.core.chunk;

import java.util.List;

/** The chunking test vector docs/formats.md prints; the input is 1 MiB of SplitMix64 output. */
final class ChunkerVector {
    static final String GEAR_0 = "f4caace33c1afe28";
    static final List<Integer> LENGTHS = List.of(82658, 98306, 40053, 83184, 90408, 82980, 80367, 66003,
            83365, 71387, 71638, 76395, 69927, 51905);
    static final String FIRST_ID = "f91b446586e0b81dec91e74fc4952ad0a884205948cdb977980c4706aa24810d";
    static final String LIST_ID = "4e12eceb583ae79d5c5ee406237450ff4803ac1dbe44e852c90f4b3ab1789ba0";

    private ChunkerVector() {
    }

    /** 1 MiB: SplitMix64 from state 0, each value's 8 bytes little-endian. */
    static byte[] bytes() {
        byte[] bytes = new byte[1 << 20];
        long state = 0;
        for (int i = 0; i < bytes.length; i += 8) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            for (int b = 0; b < 8; b++) {
                bytes[i + b] = (byte) (z >>> (8 * b));
            }
        }
        return bytes;
    }
}
