package dev.dvj.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} and {@code ${a.b.c}} (or {@code ${a.list[0]}}) in {@code dvj.yaml} values, looked
 * up in {@code params.yaml}, top-level {@code vars} and, inside {@code foreach}, {@code item} and
 * {@code key}. A value that is exactly one {@code ${...}} keeps the looked-up type (a number, a
 * list); inside a longer string only scalars are allowed. {@code \${} is a literal {@code ${}.
 */
final class Interpolation {
    private static final Pattern REFERENCE = Pattern.compile("(\\\\)?\\$\\{\\s*([^}]*?)\\s*}");
    private static final Pattern WHOLE = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");

    private final Map<String, Object> context;

    Interpolation(Map<String, Object> context) {
        this.context = context;
    }

    /** A problem with one reference; the caller adds file, line and key. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    Object resolve(Object value) {
        if (!(value instanceof String text) || !text.contains("${")) {
            return value;
        }
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches()) {
            return lookup(whole.group(1));
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = m.group().substring(1);
            } else {
                Object found = lookup(m.group(2));
                if (found instanceof Map<?, ?> || found instanceof List<?>) {
                    throw new Failure("${" + m.group(2) + "} is a " + (found instanceof Map<?, ?> ? "mapping" : "list")
                            + " and cannot be part of a longer string");
                }
                replacement = String.valueOf(found);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object lookup(String expression) {
        if (expression.isEmpty()) {
            throw new Failure("empty ${}");
        }
        Object current = context;
        StringBuilder walked = new StringBuilder();
        for (String part : expression.replace("[", ".").replace("]", "").split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new Failure("malformed reference ${" + expression + "}");
            }
            current = ParamsFile.child(current, part);
            if (current == ParamsFile.MISSING) {
                String where = walked.length() == 0 ? "params.yaml or vars" : "'" + walked + "'";
                throw new Failure("${" + expression + "}: '" + part + "' is not defined in " + where);
            }
            walked.append(walked.length() == 0 ? "" : ".").append(part);
        }
        if (current == null) {
            throw new Failure("${" + expression + "} is null");
        }
        return current;
    }
}
