package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages as a graph: an edge runs from the stage that writes a path to every stage that reads
 * it (the same path, or one inside or around it). Refuses two stages writing one path and cycles,
 * naming the stages involved.
 */
public final class Dag {
    private final Pipeline pipeline;
    private final Map<String, Set<String>> upstream = new LinkedHashMap<>();
    private final Map<String, Set<String>> downstream = new LinkedHashMap<>();
    private final Map<String, Stage> writers = new LinkedHashMap<>();

    private Dag(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public static Dag of(Pipeline pipeline) {
        Dag dag = new Dag(pipeline);
        dag.indexOutputs();
        dag.link();
        dag.refuseCycles();
        return dag;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    private void indexOutputs() {
        for (Stage stage : pipeline.stages()) {
            upstream.put(stage.name(), new LinkedHashSet<>());
            downstream.put(stage.name(), new LinkedHashSet<>());
            for (StageOutput out : stage.outs()) {
                if (out.path().isEmpty() || out.path().equals(".git") || out.path().startsWith(".git/")
                        || out.path().equals(".dvj") || out.path().startsWith(".dvj/")) {
                    throw DvjException.invalid(pipeline.file() + ":" + stage.line() + ": stages." + stage.name()
                            + ": '" + (out.path().isEmpty() ? "." : out.path()) + "' cannot be an output");
                }
                for (Map.Entry<String, Stage> other : writers.entrySet()) {
                    if (overlaps(other.getKey(), out.path())) {
                        String same = other.getKey().equals(out.path()) ? "'" + out.path() + "'"
                                : "'" + other.getKey() + "' and '" + out.path() + "', one inside the other,";
                        throw DvjException.invalid(pipeline.file() + ":" + stage.line() + ": stages '"
                                + other.getValue().name() + "' and '" + stage.name() + "' both write " + same
                                + "; each output has exactly one stage");
                    }
                }
                writers.put(out.path(), stage);
            }
        }
    }

    private void link() {
        for (Stage stage : pipeline.stages()) {
            for (String dep : stage.deps()) {
                for (Map.Entry<String, Stage> writer : writers.entrySet()) {
                    if (overlaps(writer.getKey(), dep)) {
                        upstream.get(stage.name()).add(writer.getValue().name());
                        downstream.get(writer.getValue().name()).add(stage.name());
                    }
                }
            }
        }
    }

    /** Equal, or one a folder holding the other. */
    public static boolean overlaps(String a, String b) {
        return a.equals(b) || b.startsWith(a + "/") || a.startsWith(b + "/");
    }

    private void refuseCycles() {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1: on the current path, 2: done
        Deque<String> path = new ArrayDeque<>();
        for (String start : upstream.keySet()) {
            visit(start, state, path);
        }
    }

    private void visit(String stage, Map<String, Integer> state, Deque<String> path) {
        Integer seen = state.get(stage);
        if (seen != null && seen == 2) {
            return;
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String s = it.next();
                inCycle |= s.equals(stage);
                if (inCycle) {
                    cycle.add(s);
                }
            }
            cycle.add(stage);
            throw DvjException.invalid(pipeline.file() + ": the stages form a cycle: " + String.join(" -> ", cycle)
                    + " (each reads what the next writes)");
        }
        state.put(stage, 1);
        path.push(stage);
        for (String up : upstream.get(stage)) {
            visit(up, state, path);
        }
        path.pop();
        state.put(stage, 2);
    }

    /** The stage whose output a path is, or is inside; null for source data. */
    public Stage writerOf(String path) {
        for (Map.Entry<String, Stage> writer : writers.entrySet()) {
            if (path.equals(writer.getKey()) || path.startsWith(writer.getKey() + "/")) {
                return writer.getValue();
            }
        }
        return null;
    }

    public Set<String> upstreamOf(String stage) {
        return upstream.get(stage);
    }

    /** These stages and all they depend on, transitively. */
    public Set<String> withUpstream(Collection<String> stages) {
        return closure(stages, upstream);
    }

    /** These stages and all that depend on them, transitively. */
    public Set<String> withDownstream(Collection<String> stages) {
        return closure(stages, downstream);
    }

    private static Set<String> closure(Collection<String> start, Map<String, Set<String>> edges) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(edges.get(s));
            }
        }
        return seen;
    }

    /** The chosen stages in an order where every stage comes after all it depends on; ties keep file order. */
    public List<Stage> ordered(Set<String> chosen) {
        List<Stage> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (order.size() < chosen.size()) {
            for (Stage stage : pipeline.stages()) {
                if (chosen.contains(stage.name()) && !placed.contains(stage.name())
                        && upstream.get(stage.name()).stream().noneMatch(u -> chosen.contains(u) && !placed.contains(u))) {
                    order.add(stage);
                    placed.add(stage.name());
                    break;
                }
            }
        }
        return order;
    }

    /** Every stage, in dependency order. */
    public List<Stage> ordered() {
        return ordered(upstream.keySet());
    }
}
