package dev.dvj.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pipeline as a graph to draw ({@code dvj dag}): nodes in dependency order, and arrows from
 * what feeds to what is fed; of the stages, or of the data (deps and outputs).
 */
public record DagGraph(List<String> nodes, List<Edge> edges) {

    /** One arrow: {@code from} feeds {@code to}. */
    public record Edge(String from, String to) {
    }

    /** The stages, each fed by the stages whose outputs it depends on. */
    public static DagGraph stages(Dag dag) {
        List<String> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Stage stage : dag.ordered()) {
            nodes.add(stage.name());
            dag.upstreamOf(stage.name()).forEach(up -> edges.add(new Edge(up, stage.name())));
        }
        return new DagGraph(nodes, edges);
    }

    /**
     * Data paths and the edges from each dep of a stage to each of its outputs. A dep inside
     * another stage's output folder (features/train.csv of features) is that output's node, so
     * the graph stays one graph; a dep folder that holds outputs gets an edge from each of them.
     */
    public static DagGraph data(Dag dag) {
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
        return new DagGraph(new ArrayList<>(nodes), new ArrayList<>(edges));
    }

    /** The nodes {@code node} feeds. */
    public List<String> feeds(String node) {
        return edges.stream().filter(e -> e.from().equals(node)).map(Edge::to).toList();
    }
}
