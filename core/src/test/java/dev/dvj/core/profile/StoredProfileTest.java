package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A profile object reads back as it was written, and one of the wrong shape reads as none. */
class StoredProfileTest {
    private static StoredProfile sample() {
        ColumnStatistics species = ColumnStatistics.categorical(3, 2, true,
                List.of(new ColumnStatistics.Frequency("Adelie", 2), new ColumnStatistics.Frequency("Gentoo", 1)),
                Map.of("Adelie", 2L, "Gentoo", 1L));
        ColumnStatistics mass = ColumnStatistics.numeric(3, 3, 0, 3000, 5000, 4000, 1000, new byte[] {1, 2, 3});
        Profile profile = new Profile("csv", List.of(new Profile.Column("species", ColumnType.STRING, false),
                new Profile.Column("mass", ColumnType.INTEGER, false)), 3, 0, 0,
                Map.of("species", new Profile.ColumnQuality(0, 0), "mass", new Profile.ColumnQuality(0, 0)));
        return new StoredProfile(profile, new TableStatistics("csv", 3, 0,
                new java.util.LinkedHashMap<>(Map.of("species", species, "mass", mass))));
    }

    @Test
    void readsBackWhatItWrote() {
        StoredProfile written = sample();
        StoredProfile read = StoredProfile.fromBytes(written.toBytes());
        assertNotNull(read);
        assertEquals(written.statistics(), read.statistics());
        assertEquals(written.profile().rows(), read.profile().rows());
        assertEquals(new String(written.toBytes(), StandardCharsets.UTF_8), new String(read.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anObjectOfTheWrongShapeIsNoProfile() {
        String good = new String(sample().toBytes(), StandardCharsets.UTF_8);
        for (String bad : List.of(good.replace("\"rows\":3", "\"rows\":\"many\""),
                good.replace("\"top\":[", "\"top\":5,\"x\":["), good.replace("\"present\":3", "\"present\":1.5"),
                "[1,2]", "{\"dvj_profile\":1", "{\"dvj_profile\":1} {}")) {
            assertNull(StoredProfile.fromBytes(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
