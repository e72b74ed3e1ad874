package dev.dvj.core.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IgnoreRulesTest {

    @Test
    void appliesGitPatternSyntaxWithTheDeepestFileDeciding(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve(".dvjignore"), "*.tmp\n/scratch/\n");
        Files.createDirectories(root.resolve("data/keep"));
        Files.writeString(root.resolve("data/.dvjignore"), "!important.tmp\nlogs/\n");
        IgnoreRules rules = new IgnoreRules(root);
        assertTrue(rules.isIgnored("a.tmp", false));
        assertTrue(rules.isIgnored("data/x/b.tmp", false));
        assertFalse(rules.isIgnored("data/important.tmp", false));
        assertTrue(rules.isIgnored("scratch", true));
        assertFalse(rules.isIgnored("data/scratch", true));
        assertTrue(rules.isIgnored("data/logs", true));
        assertFalse(rules.isIgnored("data/keep/a.csv", false));
    }
}
