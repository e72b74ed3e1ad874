package dev.dvj.core.profile;

import java.util.List;
import java.util.Map;

/**
 * Fields of a JSON object read as plain values ({@link dev.dvj.core.io.JsonPlain}), as the
 * statistics records hold them: a missing field is null (or zero, or false, for a primitive), a
 * field of the wrong kind an IllegalArgumentException, which makes the profile unreadable.
 */
final class PlainFields {
    private final Map<?, ?> object;
    private final String what;

    PlainFields(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not an object");
        }
        this.object = map;
        this.what = what;
    }

    Object raw(String name) {
        return object.get(name);
    }

    /** A field that holds an object, as fields of its own; null when the field is missing. */
    PlainFields objectOrNull(String name) {
        Object value = object.get(name);
        return value == null ? null : new PlainFields(value, what + "." + name);
    }

    /** The names of this object's fields, in order. */
    List<String> names() {
        return object.keySet().stream().map(String::valueOf).toList();
    }

    String text(String name) {
        Object value = object.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrong(name, "text");
    }

    long count(String name) {
        Long value = longOrNull(name);
        return value == null ? 0 : value;
    }

    Long longOrNull(String name) {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        throw wrong(name, "a whole number");
    }

    Double doubleOrNull(String name) {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw wrong(name, "a number");
    }

    boolean flag(String name) {
        Object value = object.get(name);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw wrong(name, "true or false");
    }

    private IllegalArgumentException wrong(String name, String expected) {
        return new IllegalArgumentException(what + "." + name + " is not " + expected);
    }
}
