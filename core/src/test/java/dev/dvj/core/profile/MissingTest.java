package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingTest {
    @Test
    void everyMarkerIsMissingWithOrWithoutSurroundingSpace() {
        for (String marker : List.of("", "NA", "N/A", "#N/A", "n/a", "null", "NULL", "None", "NaN", "nan")) {
            assertTrue(Missing.is(marker), marker);
            assertTrue(Missing.is("  " + marker + "\t"), "padded " + marker);
        }
        assertTrue(Missing.is(null));
        assertTrue(Missing.is("   "));
        assertTrue(Missing.is("\u2003NA\u3000"), "Unicode white space around a marker");
        assertTrue(Missing.is("\u2003"));
        byte[] cell = "x,  n/a ,y".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(Missing.is(cell, 2, 8), "a cell inside a row's bytes");
        assertFalse(Missing.is(cell, 0, 1));
    }

    @Test
    void valuesAreNot() {
        for (String value : List.of("0", "N", "Na", "nul", "none", "NAN!", "#N/A ok", "east", "n/a/b", "-", "false")) {
            assertFalse(Missing.is(value), value);
        }
    }
}
