package dev.dvj.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns a YAML parser's multi-line complaint into the one line dvj prints. */
public final class YamlErrors {
    private YamlErrors() {
    }

    /** {@code file:line: malformed YAML: problem}, without the parser's source excerpt. */
    public static String describe(String file, JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        StringBuilder problem = new StringBuilder();
        for (String part : String.valueOf(e.getOriginalMessage()).split("\n")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("in '") || trimmed.equals("^") || part.startsWith("    ")) {
                continue;
            }
            if (problem.length() > 0) {
                problem.append("; ");
            }
            problem.append(trimmed);
        }
        return file + (line > 0 ? ":" + line : "") + ": malformed YAML: " + problem;
    }
}
