package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast number reader gives what Double.parseDouble gives, and NaN for what is not a number. */
class NumberTextTest {
    @Test
    void readsWhatTheJdkReads() {
        for (String text : new String[] {"0", "3", "-12.5", "+7", " 42 ", "1013.25", ".5", "1.", "0.1", "123456789012345",
                "3.14159265358979", "1e-3", "-2.5E4", "12345678901234567890", "0.000000000000000000000001",
                "99999999999999999.5", "00012"}) {
            assertEquals(Double.parseDouble(text.strip()), NumberText.parse(text), text);
        }
    }

    @Test
    void whatIsNotANumberIsNaN() {
        for (String text : new String[] {"", " ", "-", ".", "abc", "1.2.3", "12a", "NaN", "Infinity", "-Infinity", "1.5f",
                "0x10", "1,5", "--1", "male", "2026-01-02"}) {
            assertTrue(Double.isNaN(NumberText.parse(text)), text);
        }
        assertTrue(Double.isNaN(NumberText.parse("\u0663")), "an Arabic-Indic digit is not one Java's parser reads");
        byte[] row = "x, 12.5 ,1e3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(12.5, NumberText.parse(row, 2, 8), "a cell inside a row's bytes");
        assertEquals(1000.0, NumberText.parse(row, 9, row.length));
    }
}
