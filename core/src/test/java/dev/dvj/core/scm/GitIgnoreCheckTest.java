package dev.dvj.core.scm;

import dev.dvj.core.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ignore check dvj makes before writing a pointer, against plain git's own answer. */
class GitIgnoreCheckTest {
    @TempDir
    Path dir;

    @Test
    void agreesWithGitCheckIgnoreOnPathsThatDoNotExistYet() throws Exception {
        TestRepo repo = TestRepo.create(dir);
        repo.write(".gitignore", "raw/\n/build\n*.tmp\nlogs/*\n!logs/*.dvj\ndeep/**/cache/\n");
        repo.write("nested/.gitignore", "secret.dvj\n!keep.tmp\n");
        repo.write(".git/info/exclude", "local-only/\n");
        List<String> paths = List.of("raw/sub.dvj", "raw.dvj", "build.dvj", "build/x.dvj", "sub/build/x.dvj",
                "a.tmp", "a.tmp.dvj", "logs/run.dvj", "logs/run.txt", "deep/a/b/cache/x.dvj", "deep/cache.dvj",
                "nested/secret.dvj", "nested/public.dvj", "nested/keep.tmp", "other/keep.tmp", "local-only/x.dvj",
                "data/images.dvj");
        try (Git git = repo.git()) {
            GitIgnoreCheck check = new GitIgnoreCheck(git.getRepository());
            for (String path : paths) {
                assertEquals(gitSaysIgnored(repo.root, path), check.isIgnored(path), path);
            }
        }
    }

    private static boolean gitSaysIgnored(Path root, String path) throws Exception {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "check-ignore", "-q", "--no-index", path)
                .redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        git.waitFor(30, TimeUnit.SECONDS);
        int code = git.exitValue();
        if (code > 1) {
            throw new IllegalStateException("git check-ignore failed (" + code + ") for " + path + ": " + output);
        }
        return code == 0;
    }
}
