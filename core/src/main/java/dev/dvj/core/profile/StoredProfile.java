package dev.dvj.core.profile;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.JsonPlain;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A data version's profile as dvj stores it: a JSON object in the cache, named in the pointer by
 * {@code meta.profile: <oid>}, pushed and pulled with the data. It holds the schema and quality
 * summary ({@link Profile}) and the column statistics ({@link TableStatistics}). Pointers written
 * before profiles became objects carry the summary inline ({@code meta.schema}, {@code meta.quality})
 * and no statistics; both forms are read.
 *
 * <pre>
 * {"dvj_profile": 1, "schema": [...], "quality": {...}, "statistics": {...}}
 * </pre>
 */
public record StoredProfile(Profile profile, TableStatistics statistics) {
    /** The pointer's {@code meta} key naming the profile object. */
    public static final String META_KEY = "profile";
    static final int FORMAT_VERSION = 1;
    /** Built on first write: reading a profile needs no object mapper ({@link #fromBytes}). */
    private static final class Writer {
        static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * The object's bytes. Equal profiles give equal bytes, but two profilings of the same data may
     * not give equal profiles: KLL sketches compact at random (see docs/formats.md).
     */
    public byte[] toBytes() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("dvj_profile", FORMAT_VERSION);
        object.putAll(profile.toMeta());
        if (statistics != null) {
            object.put("statistics", statistics);
        }
        try {
            return Writer.JSON.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an object written by {@link #toBytes}; null when the bytes are not one. */
    public static StoredProfile fromBytes(byte[] bytes) {
        try {
            if (!(JsonPlain.read(bytes) instanceof Map<?, ?> read) || !(read.get("dvj_profile") instanceof Number)) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) read;
            Profile profile = Profile.fromMeta(object);
            Object statistics = object.get("statistics");
            TableStatistics stats = statistics == null ? null : TableStatistics.fromPlain(statistics);
            return profile == null ? null : new StoredProfile(profile, stats);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The profile object a pointer's metadata names; null when it names none (or not a valid id). */
    public static ObjectId objectId(Map<String, Object> meta) {
        if (meta == null || !(meta.get(META_KEY) instanceof String text)) {
            return null;
        }
        try {
            ObjectId id = ObjectId.parse(text);
            return id.directory() ? null : id;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where a profile came from when it could not be read: shown instead of figures. */
    public enum Absence { NONE, NOT_IN_CACHE, UNREADABLE }

    /** A pointer's profile, or why it has none. */
    public record Lookup(StoredProfile stored, Absence absence) {
        public Profile profile() {
            return stored == null ? null : stored.profile();
        }

        public TableStatistics statistics() {
            return stored == null ? null : stored.statistics();
        }
    }

    /**
     * The profile of a pointer's metadata: from the object it names (read through {@code objects},
     * which gives null for an object it does not hold), or from the inline form of older pointers.
     */
    public static Lookup of(Map<String, Object> meta, Function<ObjectId, byte[]> objects) {
        ObjectId id = objectId(meta);
        if (id == null) {
            Profile inline = Profile.fromMeta(meta);
            return new Lookup(inline == null ? null : new StoredProfile(inline, null), Absence.NONE);
        }
        byte[] bytes = objects.apply(id);
        if (bytes == null) {
            return new Lookup(null, Absence.NOT_IN_CACHE);
        }
        StoredProfile stored = fromBytes(bytes);
        return new Lookup(stored, stored == null ? Absence.UNREADABLE : Absence.NONE);
    }
}
