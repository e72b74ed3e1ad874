package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.DagGraph;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "dag", description = {"Print the pipeline's graph: which stage feeds which.",
        "As text (default), Graphviz DOT, Mermaid or JSON."}, footer = {"", "Examples:",
        "  dvj dag",
        "  dvj dag --dot | dot -Tsvg > dag.svg",
        "  dvj dag --mermaid"})
public final class DagCmd extends BaseCommand {
    @ArgGroup(exclusive = true)
    FormatChoice format = new FormatChoice();

    static final class FormatChoice {
        @Option(names = "--dot", description = "Graphviz DOT (pipe to 'dot -Tsvg').")
        boolean dot;

        @Option(names = "--mermaid", description = "A Mermaid flowchart (renders in GitHub Markdown).")
        boolean mermaid;

        @Option(names = "--json", description = "Nodes and edges as JSON.")
        boolean json;
    }

    @Option(names = {"-o", "--outs"}, description = "Show the data (deps and outputs) instead of the stages.")
    boolean outs;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            Dag dag = Dag.of(PipelineLoader.workspace(repository));
            DagGraph graph = outs ? DagGraph.data(dag) : DagGraph.stages(dag);
            if (format.json) {
                printJson(graph);
            } else if (format.dot) {
                out().println("digraph pipeline {");
                out().println("  node [shape=box];");
                graph.nodes().forEach(n -> out().println("  " + quote(n) + ";"));
                graph.edges().forEach(e -> out().println("  " + quote(e.from()) + " -> " + quote(e.to()) + ";"));
                out().println("}");
            } else if (format.mermaid) {
                out().println("flowchart TD");
                for (int i = 0; i < graph.nodes().size(); i++) {
                    out().println("  n" + i + "[\"" + graph.nodes().get(i).replace("\"", "#quot;") + "\"]");
                }
                graph.edges().forEach(e -> out().println("  n" + graph.nodes().indexOf(e.from()) + " --> n"
                        + graph.nodes().indexOf(e.to())));
            } else {
                text(graph);
            }
            return ExitCodes.OK;
        }
    }

    /** Each node in dependency order, with the nodes it feeds. */
    private void text(DagGraph graph) {
        if (graph.nodes().isEmpty()) {
            say("No stages: dvj.yaml is missing or empty.");
            return;
        }
        for (String node : graph.nodes()) {
            List<String> feeds = graph.feeds(node);
            out().println(feeds.isEmpty() ? node : node + " -> " + String.join(", ", feeds));
        }
    }

    private static String quote(String id) {
        return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
