package dev.dvj.cli.training;

import dev.dvj.cli.CliFactory;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.FileTrees;
import dev.dvj.remote.S3Settings;
import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a command, and not in the shipped jar: the build (and the launcher, when the archive is
 * missing) runs this once with {@code -XX:ArchiveClassesAtExit}, through
 * {@code dev.dvj.cli.CdsTrainingRunner}, so the JVM records every class a typical session loads
 * into a class-data-sharing archive, which makes later starts skip most class loading and
 * verification. Compiled on its own into {@code cli/target/cds-training} (cli/pom.xml).
 *
 * <p>With {@code --strict} (the integration test) a failed step ends it with exit code 1; the
 * build itself only reports one, since an archive that covers less is still an archive.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        boolean strict = List.of(args).contains("--strict");
        boolean failed = false;
        Path dir = Files.createTempDirectory("dvj-cds-");
        try {
            Path work = trainLocal(dir);
            List<String> pipelineSteps = trainPipeline(dir);
            pipelineSteps.forEach(step -> System.err.println(
                    "dvj: class-data training step failed (start-up of pipeline commands will be slower): " + step));
            failed |= !pipelineSteps.isEmpty();
            try (TrainingObjectStore store = TrainingObjectStore.start()) {
                List<String> steps = trainRemotes(work, store, dir.resolve("remote"));
                for (String step : steps) {
                    System.err.println("dvj: class-data training step failed (start-up of S3 commands will be slower): " + step);
                }
                if (store.objectCount() == 0 || store.requests() <= 10) {
                    System.err.println("dvj: class-data training stored " + store.objectCount() + " objects in "
                            + store.requests() + " requests");
                    failed = true;
                }
                failed |= !steps.isEmpty();
            } catch (IOException | LinkageError e) {
                // No loopback port, or a JDK without the jdk.httpserver module: the archive just covers less.
                System.err.println("dvj: class-data training could not run the remote steps: " + e);
                failed = true;
            }
            // The pull into an emptied cache and workspace must have brought the first commit's data back.
            if (!Files.exists(work.resolve("data.csv")) || !Files.readString(work.resolve("data.csv")).equals("a,b\n1,2\n")
                    || !Files.exists(work.resolve("images/small-19.txt"))) {
                System.err.println("dvj: class-data training's pull did not restore data.csv and images");
                failed = true;
            }
        } finally {
            FileTrees.delete(dir);
        }
        if (strict && failed) {
            System.exit(1);
        }
    }

    /**
     * The everyday commands, including help and a usage error, in a new project under {@code dir}.
     *
     * @return the project, with outputs {@code data.csv} and {@code images} checked out at its first commit
     */
    static Path trainLocal(Path dir) throws Exception {
        Path work = gitRepository(dir.resolve("work"));
        Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n");
        Files.createDirectories(work.resolve("images"));
        Files.writeString(work.resolve("images/one.txt"), "1");
        // Enough small files that a push packs them and a pull reads the pack (the pack classes).
        for (int i = 0; i < 20; i++) {
            Files.writeString(work.resolve("images/small-" + i + ".txt"), "small file " + i);
        }
        String c = work.toString();
        run("--version");
        run("--help");
        run("-C", c, "init");
        run("-C", c, "add", "data.csv", "images");
        run("-C", c, "status");
        run("-C", c, "status", "--json");
        run("-C", c, "commit", "-m", "training");
        Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n3,4\n");
        run("-C", c, "status");
        run("-C", c, "diff");
        run("-C", c, "diff", "--json");
        run("-C", c, "commit", "-m", "second");
        run("-C", c, "checkout", "--rev", "HEAD~1");
        run("-C", c, "ls", "--json");
        run("-C", c, "status", "--bogus");
        return work;
    }

    /** A new Git repository with a committer set. */
    private static Path gitRepository(Path folder) throws Exception {
        Path work = Files.createDirectories(folder);
        try (Git git = Git.init().setDirectory(work.toFile()).call()) {
            git.getRepository().getConfig().setString("user", null, "name", "dvj");
            git.getRepository().getConfig().setString("user", null, "email", "dvj@localhost");
            git.getRepository().getConfig().save();
        }
        return work;
    }

    /**
     * The pipeline and experiment commands: repro, metrics, lineage, and an experiment run, shown
     * and applied. Without them each of these loaded its own classes from the jar on every run
     * (exp show: about half its time).
     *
     * @return the steps that did not exit 0
     */
    static List<String> trainPipeline(Path dir) throws Exception {
        Path work = gitRepository(dir.resolve("pipeline"));
        Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n");
        Files.writeString(work.resolve("params.yaml"), "train:\n  lr: 0.1\n");
        Files.writeString(work.resolve("train.sh"), "cp data.csv model.csv; echo \"{\\\"acc\\\": $1}\" > metrics.json\n");
        Files.writeString(work.resolve("dvj.yaml"), "stages:\n  train:\n    cmd: sh train.sh ${train.lr}\n"
                + "    deps: [data.csv, train.sh]\n    params: [train.lr]\n    outs: [model.csv]\n"
                + "    metrics:\n    - metrics.json: {cache: false}\n");
        String c = work.toString();
        List<String> failed = new ArrayList<>();
        step(failed, "-C", c, "init");
        step(failed, "-C", c, "add", "data.csv");
        step(failed, "-C", c, "repro");
        step(failed, "-C", c, "commit", "-m", "pipeline");
        try (Git git = Git.open(work.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("pipeline").call();
        }
        step(failed, "-C", c, "status");
        step(failed, "-C", c, "metrics", "show", "-A");
        step(failed, "-C", c, "params", "diff");
        step(failed, "-C", c, "lineage", "model.csv");
        step(failed, "-C", c, "exp", "run", "-S", "train.lr=0.2,0.3", "-n", "t");
        step(failed, "-C", c, "exp", "show", "-A", "--sort-by", "acc");
        step(failed, "-C", c, "exp", "show", "--json");
        step(failed, "-C", c, "exp", "diff", "t-1", "t-2");
        step(failed, "-C", c, "exp", "apply", "t-2");
        // Table statistics, drift and validation (the profile object's JSON, DataSketches).
        Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n3,5\n");
        step(failed, "-C", c, "add", "data.csv");
        step(failed, "-C", c, "commit", "-m", "data v2");
        step(failed, "-C", c, "show", "data.csv");
        step(failed, "-C", c, "log", "data.csv");
        step(failed, "-C", c, "schema", "infer", "data.csv", "--rev", "HEAD~1");
        stepAllowing(failed, 1, "-C", c, "drift", "data.csv", "HEAD~1", "HEAD");
        stepAllowing(failed, 1, "-C", c, "validate", "data.csv", "--rev", "HEAD");
        return failed;
    }

    /**
     * The remote commands against an S3 remote ({@code store}) and a local-directory one: push,
     * remote status, then a pull into an empty cache and workspace, and the no-op transfers after.
     * Without these the archive would hold none of the AWS SDK, HTTP client or transfer classes,
     * about 1,400 of them, and every S3 command would load and verify them from the jar before its
     * first request (a 20,000-file pull: 0.25 s of its 5.3 s).
     *
     * @param work a dvj project with outputs {@code data.csv} and {@code images}
     * @return the steps that did not exit 0, for the caller to report
     */
    static List<String> trainRemotes(Path work, TrainingObjectStore store, Path localRemote) throws IOException {
        String c = work.toString();
        List<String> failed = new ArrayList<>();
        step(failed, "-C", c, "remote", "add", "-d", "store", "s3://training/data");
        step(failed, "-C", c, "remote", "modify", "store", "endpoint", store.endpoint().toString());
        step(failed, "-C", c, "remote", "modify", "store", "region", "us-east-1");
        step(failed, "-C", c, "remote", "modify", "--local", "store", S3Settings.ACCESS_KEY, "training");
        step(failed, "-C", c, "remote", "modify", "--local", "store", S3Settings.SECRET_KEY, "training");
        step(failed, "-C", c, "remote", "add", "folder", localRemote.toString());
        step(failed, "-C", c, "remote", "list");
        step(failed, "-C", c, "push");
        step(failed, "-C", c, "push", "-r", "folder");
        step(failed, "-C", c, "status", "-c");
        step(failed, "-C", c, "status", "-c", "--json");
        FileTrees.delete(work.resolve(".dvj/cache"));
        FileTrees.delete(work.resolve("images"));
        Files.delete(work.resolve("data.csv"));
        step(failed, "-C", c, "pull");
        step(failed, "-C", c, "fetch");
        step(failed, "-C", c, "push");
        step(failed, "-C", c, "pull", "-r", "folder");
        return failed;
    }

    /** One command, built as {@code dev.dvj.cli.Main} builds it (only the named subcommand registered). */
    private static void step(List<String> failed, String... args) {
        stepAllowing(failed, 0, args);
    }

    /** A step that may also exit with {@code alsoOk} (drift and validate exit 1 on findings). */
    private static void stepAllowing(List<String> failed, int alsoOk, String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int exit = CliFactory.create(SystemEnv.system(), sink, sink, args).execute(args);
        if (exit != 0 && exit != alsoOk) {
            failed.add(String.join(" ", args));
        }
    }

    private static void run(String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        CliFactory.create(SystemEnv.system(), sink, sink).execute(args);
        CliFactory.create(SystemEnv.system(), sink, sink, args).execute(args);
    }
}
