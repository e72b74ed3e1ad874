package dev.dvj.cli;

import dev.dvj.core.lineage.LineageNode;
import dev.dvj.core.pointer.StageLock;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a lineage tree as an indented tree for terminals, or as a graph for Graphviz (DOT) and
 * Mermaid. Graphs always point the way data flows: input -> stage -> output.
 */
public final class LineageText {
    private LineageText() {
    }

    public static void tree(LineageNode root, PrintWriter out) {
        print(root, "", "", out);
        out.flush();
    }

    private static void print(LineageNode node, String firstPrefix, String prefix, PrintWriter out) {
        out.println(firstPrefix + headline(node));
        List<String> details = details(node);
        boolean more = !node.children().isEmpty() || node.truncated();
        for (String detail : details) {
            out.println(prefix + (more ? "│ " : "  ") + "  " + detail);
        }
        for (int i = 0; i < node.children().size(); i++) {
            boolean last = i == node.children().size() - 1 && !node.truncated();
            print(node.children().get(i), prefix + (last ? "└── " : "├── "), prefix + (last ? "    " : "│   "), out);
        }
        if (node.truncated()) {
            out.println(prefix + "└── … (--depth reached)");
        }
    }

    private static String headline(LineageNode node) {
        StringBuilder line = new StringBuilder(node.path());
        if (node.oid() != null) {
            line.append("  ").append(node.oid(), 0, Math.min(8, node.oid().length()));
        }
        line.append("  ").append(node.kind().name().toLowerCase(Locale.ROOT));
        if (node.stale()) {
            line.append("  [stale: the workspace differs from dvj.lock]");
        }
        return line.toString();
    }

    private static List<String> details(LineageNode node) {
        List<String> lines = new ArrayList<>();
        if (node.stage() != null) {
            LineageNode.StageInfo stage = node.stage();
            lines.add("stage " + stage.name() + ": " + stage.cmd().replace("\n", " && "));
            List<String> params = new ArrayList<>();
            stage.params().forEach((file, values) -> values.forEach((k, v) -> params.add(file + ":" + k + "=" + v)));
            if (!params.isEmpty()) {
                lines.add("params: " + String.join(", ", params));
            }
            StageLock.RunRecord run = stage.run();
            lines.add(run == null ? "never run" : "ran " + VersionText.date(Instant.parse(run.started())) + " by "
                    + run.user() + "@" + run.host() + " in " + String.format(Locale.ROOT, "%.1f s", run.duration())
                    + (run.machine() == null ? "" : " on " + run.machine().os() + ", " + run.machine().cpus() + " CPUs, Java "
                    + run.machine().java())
                    + (run.restored() ? " (restored from the run-cache since)" : ""));
            if (run != null && run.env() != null && !run.env().isEmpty()) {
                List<String> env = new ArrayList<>();
                run.env().forEach((file, hash) -> env.add(file + " " + (hash.length() > 8 ? hash.substring(0, 8) : hash)));
                lines.add("env: " + String.join(", ", env));
            }
            if (stage.lastFailure() != null) {
                var failed = stage.lastFailure();
                lines.add("last run FAILED " + VersionText.date(Instant.parse(failed.run().started())) + " by " + failed.run().user()
                        + "@" + failed.run().host() + ": " + failed.error());
            }
        }
        if (node.origin() != null && node.origin().imported() != null) {
            var source = node.origin().imported();
            lines.add("imported from " + source.url() + " (" + source.path() + (source.rev() == null ? "" : " at " + source.rev())
                    + ", commit " + source.commit().substring(0, 8) + ")");
        }
        if (node.origin() != null && node.origin().commit() != null) {
            var commit = node.origin().commit();
            lines.add("commit " + commit.shortId() + (commit.refs().isEmpty() ? "" : " (" + String.join(", ", commit.refs()) + ")")
                    + " · " + VersionText.date(commit) + " · " + commit.email()
                    + (node.origin().desc() == null ? "" : " · " + node.origin().desc()));
        }
        return lines;
    }

    /** Graphviz: {@code dvj lineage model.bin --format dot | dot -Tsvg > lineage.svg}. */
    public static void dot(LineageNode root, boolean downstream, PrintWriter out) {
        Graph graph = graph(root, downstream);
        out.println("digraph lineage {");
        out.println("  rankdir=LR;");
        graph.nodes.forEach((id, label) -> out.println("  \"" + id + "\" [label=\""
                + label.replace("\"", "\\\"").replace("\n", "\\n") + "\""
                + (id.startsWith("stage:") ? ", shape=box, style=rounded" : ", shape=note") + "];"));
        graph.edges.forEach(e -> out.println("  \"" + e[0] + "\" -> \"" + e[1] + "\";"));
        out.println("}");
        out.flush();
    }

    /** A Mermaid flowchart, which GitHub renders in Markdown. */
    public static void mermaid(LineageNode root, boolean downstream, PrintWriter out) {
        Graph graph = graph(root, downstream);
        Map<String, String> ids = new LinkedHashMap<>();
        graph.nodes.keySet().forEach(id -> ids.put(id, "n" + ids.size()));
        out.println("flowchart LR");
        graph.nodes.forEach((id, label) -> out.println("  " + ids.get(id)
                + (id.startsWith("stage:") ? "([\"" : "[\"") + label.replace("\"", "#quot;").replace("\n", "<br/>")
                + (id.startsWith("stage:") ? "\"])" : "\"]")));
        graph.edges.forEach(e -> out.println("  " + ids.get(e[0]) + " --> " + ids.get(e[1])));
        out.flush();
    }

    private record Graph(Map<String, String> nodes, Set<String[]> edges) {
    }

    private static Graph graph(LineageNode root, boolean downstream) {
        Graph graph = new Graph(new LinkedHashMap<>(), new LinkedHashSet<>());
        Set<String> seenEdges = new LinkedHashSet<>();
        collect(root, downstream, graph, seenEdges);
        return graph;
    }

    private static void collect(LineageNode node, boolean downstream, Graph graph, Set<String> seenEdges) {
        String id = "path:" + node.path();
        graph.nodes.putIfAbsent(id, node.path() + (node.oid() == null ? "" : "\n" + node.oid().substring(0, Math.min(8, node.oid().length())))
                + (node.stale() ? "\n(stale)" : ""));
        if (node.stage() != null) {
            String stage = "stage:" + node.stage().name();
            graph.nodes.putIfAbsent(stage, node.stage().name());
            edge(stage, id, graph, seenEdges);
            if (!downstream) {
                node.children().forEach(child -> edge("path:" + child.path(), stage, graph, seenEdges));
            }
        }
        for (LineageNode child : node.children()) {
            if (downstream && child.stage() != null) {
                edge(id, "stage:" + child.stage().name(), graph, seenEdges);
            }
            collect(child, downstream, graph, seenEdges);
        }
    }

    private static void edge(String from, String to, Graph graph, Set<String> seen) {
        if (seen.add(from + "\u0000" + to)) {
            graph.edges.add(new String[] {from, to});
        }
    }
}
