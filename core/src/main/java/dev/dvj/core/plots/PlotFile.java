package dev.dvj.core.plots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dvj.core.DvjException;
import dev.dvj.core.profile.TableProfiler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a plots file, as DVC reads them: CSV or TSV with a header line (quoted fields read
 * as table profiles read them); JSON or YAML as a list of objects, or an object whose one list of
 * objects is the rows (as {@code {"train": [...]}}).
 * Each row maps a column to a number when the text is one, else to the text.
 */
public final class PlotFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PlotFile() {
    }

    public static List<Map<String, Object>> rows(String path, byte[] bytes) {
        String name = path.toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".csv") || name.endsWith(".tsv")) {
                return delimited(TableProfiler.readAll(bytes, name.endsWith(".tsv") ? '\t' : ','));
            }
            if (name.endsWith(".json")) {
                return objects(JSON.readTree(bytes), path);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return objects(YAML.readTree(bytes), path);
            }
        } catch (IOException e) {
            throw DvjException.invalid(path + ": not a plots file dvj can read: " + oneLine(e));
        }
        throw DvjException.invalid(path + ": plots are read from CSV, TSV, JSON or YAML files");
    }

    private static String oneLine(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Rows of named values from a table's rows, header first. */
    private static List<Map<String, Object>> delimited(List<String[]> lines) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0);
        for (String[] cells : lines.subList(1, lines.size())) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i].strip(), i < cells.length ? value(cells[i].strip()) : null);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static List<Map<String, Object>> objects(JsonNode root, String path) {
        JsonNode list = root;
        if (root != null && root.isObject()) {
            list = null;
            for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
                JsonNode value = it.next();
                if (value.isArray()) {
                    list = value;
                    break;
                }
            }
        }
        if (list == null || !list.isArray()) {
            throw DvjException.invalid(path + ": a plots file holds a list of objects (rows), or an object with one");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw DvjException.invalid(path + ": every row of a plots file is an object of named values");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            item.fields().forEachRemaining(field -> row.put(field.getKey(),
                    field.getValue().isNumber() ? (Object) field.getValue().doubleValue() : field.getValue().asText()));
            rows.add(row);
        }
        return rows;
    }
}
