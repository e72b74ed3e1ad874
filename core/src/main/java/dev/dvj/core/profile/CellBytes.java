package dev.dvj.core.profile;

/**
 * Cells as bytes. The profiler's grammars ({@link Missing}, {@link TextShape}, {@link NumberText})
 * read a cell's ASCII bytes straight from the file's buffer ({@link DelimitedBytes}); a cell
 * given as text is read by the same code through its bytes when it is ASCII. Text with any other
 * character is none of a number, a date or a boolean, whose spellings are all ASCII.
 */
final class CellBytes {
    private CellBytes() {
    }

    /** The text's bytes when every character is ASCII; null otherwise. */
    static byte[] asciiOrNull(String text) {
        int length = text.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /** {@link Character#isWhitespace} for an ASCII byte: tab to carriage return, the four separators, space. */
    static boolean isWhitespace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
