package dev.dvj.core.profile;

import dev.dvj.core.DvjException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;

/**
 * The column statistics of one version of a table: what drift and validation compare. Stored as
 * JSON ({@link #toJson}, {@link #fromJson}).
 *
 * @param columns by name, in the table's column order
 */
public record TableStatistics(String format, long rows, long duplicateRows, Map<String, ColumnStatistics> columns) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TableStatistics fromJson(byte[] bytes, String where) {
        try {
            return JSON.readValue(bytes, TableStatistics.class);
        } catch (IOException e) {
            throw DvjException.data(where + ": not a table statistics object: " + e.getMessage(), e);
        }
    }
}
