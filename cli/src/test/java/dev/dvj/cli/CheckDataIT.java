package dev.dvj.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/ci/check-data.sh against a real repository, folder remote and clone: each exit code it documents. */
class CheckDataIT {
    @TempDir
    Path dir;
    Path repo;

    private record Result(int exit, String output) {
    }

    private Result sh(Path cwd, String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("bash", "-c", String.join(" ", command)));
        ProcessBuilder builder = new ProcessBuilder(all).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().put("DVJ", LauncherIT.ROOT.resolve("dvj").toString());
        builder.environment().put("PATH", LauncherIT.ROOT + ":" + System.getenv("PATH"));
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private Result check(Path cwd, String... args) throws Exception {
        return sh(cwd, "bash", LauncherIT.ROOT.resolve("examples/ci/check-data.sh").toString(), String.join(" ", args));
    }

    @BeforeEach
    void pushedProject() throws Exception {
        repo = dir.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("raw.csv"), "a,b\n1,2\n");
        Files.writeString(repo.resolve("params.yaml"), "factor: 2\n");
        Result setup = sh(repo, "git init -q && git config user.email ci@example.com && git config user.name CI",
                "&& dvj -q init && dvj -q add raw.csv",
                "&& dvj -q stage add -n double -d raw.csv -p factor -o out.csv 'cat raw.csv > out.csv; echo ${factor} >> out.csv'",
                "&& dvj -q repro && dvj -q remote add -d store ../store && dvj -q push",
                "&& git add -A && git commit -qm data");
        assertEquals(0, setup.exit(), setup.output());
    }

    @Test
    void eachProblemHasItsExitCodeAndAOneLineFix() throws Exception {
        Result clean = check(repo);
        assertEquals(0, clean.exit(), clean.output());

        Files.writeString(repo.resolve("raw.csv"), "a,b\n1,2\n3,4\n");
        Result modified = check(repo);
        assertEquals(11, modified.exit(), modified.output());
        assertTrue(modified.output().contains("tracked data differs from its pointers (modified)"), modified.output());

        assertEquals(0, sh(repo, "dvj -q checkout -f raw.csv").exit());
        Files.writeString(repo.resolve("params.yaml"), "factor: 3\n");
        Result stale = check(repo);
        assertEquals(12, stale.exit(), stale.output());
        assertTrue(stale.output().contains("the pipeline is stale (stages that would run: double): run 'dvj repro'"),
                stale.output());

        assertEquals(0, sh(repo, "dvj -q repro").exit());
        Result notPushed = check(repo);
        assertEquals(10, notPushed.exit(), notPushed.output());
        assertTrue(notPushed.output().contains("data is not on the remote"), notPushed.output());
        assertEquals(0, sh(repo, "dvj -q push").exit());
        assertEquals(0, check(repo).exit());
    }

    @Test
    void aTableThatDoesNotFitItsSchemaOrDriftedFailsTheCheck() throws Exception {
        assertEquals(0, sh(repo, "dvj -q schema infer raw.csv && git add raw.csv.schema.yaml && git commit -qm schema").exit());
        assertEquals(0, check(repo).exit());
        Files.writeString(repo.resolve("raw.csv"), "a,b\n1,2\n9,4\n9,5\n");
        assertEquals(0, sh(repo, "dvj -q add raw.csv && dvj -q repro && dvj -q push && git add -A && git commit -qm v2").exit());
        Result unfit = check(repo);
        assertEquals(13, unfit.exit(), unfit.output());
        assertTrue(unfit.output().contains("raw.csv does not fit raw.csv.schema.yaml (2 out-of-range)"), unfit.output());

        assertEquals(0, sh(repo, "dvj -q schema infer raw.csv && git add -A && git commit -qm 'schema v2'").exit());
        assertEquals(0, check(repo).exit());
        Result drifted = check(repo, "--drift", "HEAD~2");
        assertEquals(14, drifted.exit(), drifted.output());
        assertTrue(drifted.output().contains("raw.csv drifted from HEAD~2 (columns: a"), drifted.output());
    }

    @Test
    void aFreshCloneIsCheckedAfterPulling() throws Exception {
        Result cloned = sh(dir, "git clone -q repo clone");
        assertEquals(0, cloned.exit(), cloned.output());
        Result pulled = check(dir.resolve("clone"), "--pull");
        assertEquals(0, pulled.exit(), pulled.output());
        assertEquals("a,b\n1,2\n2\n", Files.readString(dir.resolve("clone/out.csv")));
    }
}
