package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.pipeline.ParamsFile;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code -S [FILE:]KEY=VALUE} of {@code dvj exp run}: a param set to a value for one
 * experiment.
 *
 * @param value the value as the user wrote it, read as YAML (so {@code 0.1} is a number)
 */
public record ParamOverride(String file, String key, String value) {

    @Override
    public String toString() {
        return (file.equals(ParamsFile.DEFAULT) ? "" : file + ":") + key + "=" + value;
    }

    /** {@code FILE:KEY=VALUE} with the file always named: how an experiment's commit records it. */
    String qualified() {
        return file + ":" + key + "=" + value;
    }

    static ParamOverride parseQualified(String text) {
        int equals = text.indexOf('=');
        int colon = text.lastIndexOf(':', equals);
        return new ParamOverride(text.substring(0, colon), text.substring(colon + 1, equals), text.substring(equals + 1));
    }

    /**
     * Expands {@code -S} arguments into one list of overrides per experiment: each argument's
     * comma-separated values are alternatives, and the experiments are every combination, the
     * last argument varying fastest ({@code -S a=1,2 -S b=3,4}: a=1 b=3, a=1 b=4, a=2 b=3, a=2 b=4).
     */
    public static List<List<ParamOverride>> grid(List<String> arguments) {
        List<List<ParamOverride>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (String argument : arguments) {
            List<ParamOverride> alternatives = parse(argument);
            List<List<ParamOverride>> next = new ArrayList<>();
            for (List<ParamOverride> combination : combinations) {
                for (ParamOverride alternative : alternatives) {
                    List<ParamOverride> extended = new ArrayList<>(combination);
                    extended.removeIf(o -> o.file().equals(alternative.file()) && o.key().equals(alternative.key()));
                    extended.add(alternative);
                    next.add(List.copyOf(extended));
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** One argument: {@code [FILE:]KEY=V1[,V2...]}; a value in brackets or quotes is one value. */
    static List<ParamOverride> parse(String argument) {
        int equals = argument.indexOf('=');
        if (equals <= 0) {
            throw DvjException.invalid("-S " + argument + ": expected [FILE:]KEY=VALUE, e.g. -S train.lr=0.01");
        }
        String target = argument.substring(0, equals).trim();
        String values = argument.substring(equals + 1);
        int colon = target.lastIndexOf(':');
        String file = colon < 0 ? ParamsFile.DEFAULT : target.substring(0, colon);
        String key = colon < 0 ? target : target.substring(colon + 1);
        if (file.isEmpty() || key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw DvjException.invalid("-S " + argument + ": expected [FILE:]KEY=VALUE with a dotted KEY, e.g. -S train.lr=0.01");
        }
        List<ParamOverride> overrides = new ArrayList<>();
        for (String value : splitValues(values)) {
            overrides.add(new ParamOverride(file, key, value.trim()));
        }
        return overrides;
    }

    /** Splits on commas outside brackets, braces and quotes. */
    private static List<String> splitValues(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
