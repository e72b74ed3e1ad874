package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.LineageText;
import dev.dvj.core.lineage.LineageCommand;
import dev.dvj.core.lineage.LineageNode;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "lineage", description = {"Show what an output was made from: stages, commands, params, runs and data versions.",
        "With --downstream, what depends on a path instead."}, footer = {"", "Examples:",
        "  dvj lineage model.bin",
        "  dvj lineage data/penguins.csv --downstream",
        "  dvj lineage model.bin --rev v1.0 --json"})
public final class LineageCmd extends BaseCommand {
    enum Format { tree, json, dot, mermaid }

    @Parameters(paramLabel = "PATH", description = "An output, tracked data or any file a stage reads.")
    Path target;

    @Option(names = "--rev", paramLabel = "REV", description = "As committed at this revision (default: the workspace).")
    String rev;

    @Option(names = "--downstream", description = "Every stage and output that depends on PATH (impact analysis).")
    boolean downstream;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0", description = "Go at most N stages deep (default: all).")
    int depth;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tree",
            description = "tree (default), json, dot (Graphviz) or mermaid.")
    Format format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            LineageNode root = new LineageCommand(repository).run(path(target), rev, downstream, depth);
            switch (json ? Format.json : format) {
                case json -> printJson(root);
                case dot -> LineageText.dot(root, downstream, out());
                case mermaid -> LineageText.mermaid(root, downstream, out());
                case tree -> LineageText.tree(root, out());
            }
            return ExitCodes.OK;
        }
    }
}
