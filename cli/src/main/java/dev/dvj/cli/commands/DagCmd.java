package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.pipeline.StageOutput;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /** One arrow: {@code from} feeds {@code to}. */
    record Edge(String from, String to) {
    }

    record Graph(List<String> nodes, List<Edge> edges) {
    }

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            Dag dag = Dag.of(PipelineLoader.workspace(repository));
            Graph graph = outs ? dataGraph(dag) : stageGraph(dag);
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

    private static Graph stageGraph(Dag dag) {
        List<String> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Stage stage : dag.ordered()) {
            nodes.add(stage.name());
            dag.upstreamOf(stage.name()).forEach(up -> edges.add(new Edge(up, stage.name())));
        }
        return new Graph(nodes, edges);
    }

    /**
     * Data paths and the edges from each dep of a stage to each of its outputs. A dep inside
     * another stage's output folder (features/train.csv of features) is that output's node, so
     * the graph stays one graph; a dep folder that holds outputs gets an edge from each of them.
     */
    private static Graph dataGraph(Dag dag) {
        Set<String> nodes = new LinkedHashSet<>();
        Set<Edge> edges = new LinkedHashSet<>();
        List<String> outputs = dag.ordered().stream().flatMap(s -> s.outs().stream()).map(StageOutput::path).toList();
        for (Stage stage : dag.ordered()) {
            List<String> depNodes = new ArrayList<>();
            for (String dep : stage.deps()) {
                String holder = outputs.stream().filter(o -> dep.equals(o) || dep.startsWith(o + "/")).findFirst().orElse(null);
                if (holder != null) {
                    depNodes.add(holder);
                    continue;
                }
                depNodes.add(dep);
                nodes.add(dep);
                outputs.stream().filter(o -> o.startsWith(dep + "/")).forEach(inside -> edges.add(new Edge(inside, dep)));
            }
            for (StageOutput out : stage.outs()) {
                nodes.add(out.path());
                depNodes.forEach(dep -> edges.add(new Edge(dep, out.path())));
            }
        }
        return new Graph(new ArrayList<>(nodes), new ArrayList<>(edges));
    }

    /** Each node in dependency order, with the nodes it feeds. */
    private void text(Graph graph) {
        if (graph.nodes().isEmpty()) {
            say("No stages: dvj.yaml is missing or empty.");
            return;
        }
        for (String node : graph.nodes()) {
            List<String> feeds = graph.edges().stream().filter(e -> e.from().equals(node)).map(Edge::to).toList();
            out().println(feeds.isEmpty() ? node : node + " -> " + String.join(", ", feeds));
        }
    }

    private static String quote(String id) {
        return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
