package dev.dvj.core.profile;

import dev.dvj.core.DvjException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dvj.core.io.JsonPlain;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The column statistics of one version of a table: what drift and validation compare. Stored as
 * JSON ({@link #toJson}, {@link #fromJson}).
 *
 * @param columns by name, in the table's column order
 */
public record TableStatistics(String format, long rows, long duplicateRows, Map<String, ColumnStatistics> columns) {
    /** Built on first write: reading statistics needs no object mapper ({@link #fromPlain}). */
    private static final class Writer {
        static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public byte[] toJson() {
        try {
            return Writer.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TableStatistics fromJson(byte[] bytes, String where) {
        try {
            return fromPlain(JsonPlain.read(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw DvjException.data(where + ": not a table statistics object: " + e.getMessage(), e);
        }
    }

    /** The statistics of a JSON object read by {@link JsonPlain}; IllegalArgumentException when it is not one. */
    static TableStatistics fromPlain(Object value) {
        PlainFields fields = new PlainFields(value, "statistics");
        Map<String, ColumnStatistics> columns = null;
        PlainFields byName = fields.objectOrNull("columns");
        if (byName != null) {
            columns = new LinkedHashMap<>();
            for (String name : byName.names()) {
                columns.put(name, ColumnStatistics.fromPlain(byName.raw(name), "statistics.columns." + name));
            }
        }
        return new TableStatistics(fields.text("format"), fields.count("rows"), fields.count("duplicateRows"), columns);
    }
}
