package dev.dvj.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A text table for terminals (columns aligned, two spaces apart) or Markdown (--md). */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    public void row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Comma-separated values, quoted as RFC 4180 asks (a cell with a comma, quote or line break). */
    public void printCsv(PrintWriter out) {
        for (List<String> row : allRows()) {
            List<String> cells = new ArrayList<>();
            for (String cell : row) {
                boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
                cells.add(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
            }
            out.println(String.join(",", cells));
        }
    }

    public void print(PrintWriter out, boolean markdown) {
        if (markdown) {
            out.println(markdownLine(header));
            out.println("|" + "---|".repeat(header.size()));
            rows.forEach(row -> out.println(markdownLine(row)));
        } else {
            int[] widths = new int[header.size()];
            for (List<String> row : allRows()) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            for (List<String> row : allRows()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    line.append(row.get(i));
                    if (i < row.size() - 1) {
                        line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                    }
                }
                out.println(line);
            }
        }
        out.flush();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String markdownLine(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |";
    }
}
