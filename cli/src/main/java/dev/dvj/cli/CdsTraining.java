package dev.dvj.cli;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.FileTrees;
import org.eclipse.jgit.api.Git;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a command: the launcher runs this once per build with {@code -XX:ArchiveClassesAtExit} so the
 * JVM records every class a typical session loads into a class-data-sharing archive, which makes
 * later starts skip most class loading and verification.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("dvj-cds-");
        try {
            Path work = Files.createDirectories(dir.resolve("work"));
            try (Git git = Git.init().setDirectory(work.toFile()).call()) {
                git.getRepository().getConfig().setString("user", null, "name", "dvj");
                git.getRepository().getConfig().setString("user", null, "email", "dvj@localhost");
                git.getRepository().getConfig().save();
            }
            Files.writeString(work.resolve("data.csv"), "a,b\n1,2\n");
            Files.createDirectories(work.resolve("images"));
            Files.writeString(work.resolve("images/one.txt"), "1");
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
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static void run(String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        CliFactory.create(SystemEnv.system(), sink, sink).execute(args);
        CliFactory.create(SystemEnv.system(), sink, sink, args).execute(args);
    }
}
