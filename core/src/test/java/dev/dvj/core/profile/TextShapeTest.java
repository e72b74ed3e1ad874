package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written classifier against the regular expressions that specify it. */
class TextShapeTest {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    private static int expected(String text) {
        int bits = ColumnType.STRING.bit();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            bits |= ColumnType.BOOLEAN.bit();
        }
        if (INTEGER.matcher(text).matches()) {
            bits |= ColumnType.INTEGER.bit();
        }
        if (FLOAT.matcher(text).matches()) {
            bits |= ColumnType.FLOAT.bit();
        }
        if (DATETIME.matcher(text).matches()) {
            bits |= ColumnType.DATETIME.bit();
        }
        return bits;
    }

    @Test
    void agreesWithTheGrammarOnHandPickedValues() {
        List<String> values = List.of("", "0", "-0", "+7", "-", "+", ".", "1.", ".5", "-.5", "1.5e3", "1e", "1e+",
                "1E-07", ".e5", "1.2.3", "12a", "a12", "123456789012345678", "1234567890123456789", "-123456789012345678",
                "true", "FALSE", "True ", "t", "yes", "2026-01-31", "2026-1-31", "2026-01-31T12:30", "2026-01-31 12:30:59",
                "2026-01-31T12:30:59.123456789Z", "2026-01-31T12:30:59.1234567890", "2026-01-31T12:30:59.", "2026-01-31T12:30+02:00",
                "2026-01-31T12:30:00-0530", "2026-01-31T12:30:00+05:3", "2026-01-31T12", "2026-01-31Z", "2026-01-31T12:30Z1",
                "20260131", "2026-01-31x", " 12", "12 ", "n/a", "NaN", "1,5", "٣");
        for (String value : values) {
            assertEquals(expected(value), TextShape.fits(value), () -> "value '" + value + "'");
        }
    }

    @Test
    void agreesWithTheGrammarOnRandomValuesBuiltFromItsAlphabet() {
        Random random = new Random(11);
        String alphabet = "0123456789-+.eETZ: tfx";
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(text.toString());
        }
        // Mutations of valid date-times reach the deep branches random text rarely does.
        String base = "2026-01-31T12:30:59.123+02:00";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder(base.substring(0, 10 + random.nextInt(base.length() - 9)));
            int position = random.nextInt(text.length());
            text.setCharAt(position, alphabet.charAt(random.nextInt(alphabet.length())));
            values.add(text.toString());
        }
        for (String value : values) {
            assertEquals(expected(value), TextShape.fits(value), () -> "value '" + value + "'");
        }
    }

    @Test
    void textWithOtherCharactersIsOnlyAString() {
        for (String value : List.of("٣", "1٣", "fal\u017Fe", "12\u00a0", "2026-01-31\u2003")) {
            assertEquals(ColumnType.STRING.bit(), TextShape.fits(value), value);
        }
        byte[] row = "ab,2026-01-31T12:30Z,-1.5e3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(expected("2026-01-31T12:30Z"), TextShape.fits(row, 3, 20), "a cell inside a row's bytes");
        assertEquals(expected("-1.5e3"), TextShape.fits(row, 21, row.length));
    }

    @Test
    void distinctRowsCountsEveryRepeatOfAHashIncludingZeroAndAcrossGrowth() {
        DistinctRows rows = new DistinctRows();
        rows.add(0);
        rows.add(0);
        for (long i = 1; i <= 100_000; i++) {
            rows.add(i * 0x10000);
        }
        for (long i = 100_000; i >= 1; i--) {
            rows.add(i * 0x10000);
        }
        rows.add(7 * 0x10000);
        assertEquals(1 + 100_000 + 1, rows.duplicates());
    }

    @Test
    void noRowsNoDuplicates() {
        assertEquals(0, new DistinctRows().duplicates());
    }
}
