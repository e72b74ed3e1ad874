package dev.dvj.core.profile;

import dev.dvj.core.api.DataProfiles;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A directory of CSV shards is profiled as the one table they make together. */
class DirectoryProfileTest {
    @TempDir
    Path dir;

    @Test
    void shardsProfileAsTheirConcatenation() throws Exception {
        Path one = Files.writeString(dir.resolve("part-1.csv"), "a,b\n1,x\n2,y\n5,x\n");
        Path two = Files.writeString(dir.resolve("part-2.csv"), "b,a,c\nz,3,9\nx,1,\n");
        // The same rows in one file with the columns of both: what the shards must add up to.
        Path whole = Files.writeString(dir.resolve("whole.csv"), "a,b,c\n1,x,\n2,y,\n5,x,\n3,z,9\n1,x,\n");
        TableProfiler.Profiled shards = TableProfiler.profileFiles(List.of(one, two), "csv", true);
        TableProfiler.Profiled single = TableProfiler.profileWith(whole, "csv", true);
        assertEquals(single.profile(), shards.profile());
        assertEquals(1, shards.profile().duplicateRows(), "1,x in part-1 and 1,x, in part-2 are the same row");
        assertEquals(4, shards.profile().columns().get("c").missing());
        for (String column : List.of("a", "b", "c")) {
            ColumnStatistics a = single.statistics().columns().get(column);
            ColumnStatistics b = shards.statistics().columns().get(column);
            assertEquals(a.counts(), b.counts(), column);
            assertEquals(a.count(), b.count(), column);
            assertEquals(a.mean(), b.mean(), column);
            assertEquals(a.quantiles(), b.quantiles(), column);
        }
        assertEquals(Map.of("x", 3L, "y", 1L, "z", 1L), shards.statistics().columns().get("b").counts());
    }

    @Test
    void addingADirectoryOfShardsStoresItsProfileAndLeavesOtherFilesOut() throws Exception {
        TestRepo repo = TestRepo.create(dir);
        repo.write("shards/part-1.csv", "a,b\n1,x\n2,y\n");
        repo.write("shards/part-2.csv", "a,b\n3,z\n");
        repo.write("shards/README.txt", "not a table\n");
        repo.add("shards");
        try (Repository r = repo.open()) {
            Map<String, Object> meta = new Outputs(r).select(List.of(repo.path("shards"))).get(0).pointer().meta();
            StoredProfile.Lookup profile = DataProfiles.lookup(r, meta);
            assertNotNull(profile.stored(), "meta: " + meta);
            assertEquals(3, profile.profile().rows());
            assertEquals(2.0, profile.statistics().columns().get("a").mean());
        }
    }
}
