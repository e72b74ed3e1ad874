package dev.dvj.core.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SmallGroupsTest {
    @Test
    void aGroupStaysAOneElementListUntilASecondValueJoins() {
        Map<String, List<Integer>> groups = new HashMap<>();
        SmallGroups.add(groups, "a", 1);
        assertEquals(List.of(1), groups.get("a"));
        for (int i = 2; i <= 1000; i++) {
            SmallGroups.add(groups, "a", i); // many files of one content: appended, not copied each time
        }
        assertInstanceOf(ArrayList.class, groups.get("a"));
        assertEquals(1000, groups.get("a").size());
        assertEquals(List.of(1, 2, 3), groups.get("a").subList(0, 3));
        SmallGroups.add(groups, "b", 7);
        assertEquals(List.of(7), groups.get("b"));
    }
}
