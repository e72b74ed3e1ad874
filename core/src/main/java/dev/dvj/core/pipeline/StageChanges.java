package dev.dvj.core.pipeline;

import dev.dvj.core.pointer.StageLock;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Why a stage must run again: the reasons, in words a user can act on, by comparing the stage's
 * definition and the workspace with what {@code dvj.lock} recorded. No reasons means up to date.
 */
public final class StageChanges {
    private StageChanges() {
    }

    public static List<String> of(Stage stage, StageLock lock, Workspace workspace) {
        List<String> reasons = new ArrayList<>();
        if (stage.frozen()) {
            return reasons;
        }
        if (lock == null) {
            reasons.add("never run");
            return reasons;
        }
        if (stage.alwaysChanged()) {
            reasons.add("always_changed");
        }
        if (!lock.cmd().equals(stage.cmdText())) {
            reasons.add("cmd changed");
        }
        Set<String> declared = new HashSet<>();
        for (String dep : stage.deps()) {
            declared.add(dep);
            StageLock.LockedPath recorded = lock.dep(dep);
            StageLock.LockedPath now = workspace.content(dep, false, true);
            if (recorded == null) {
                reasons.add("new dep " + dep);
            } else if (now == null) {
                reasons.add("dep " + dep + " is missing");
            } else if (!workspace.unchanged(now, recorded)) {
                reasons.add("dep " + dep + " changed");
            }
        }
        lock.deps().stream().filter(d -> !declared.contains(d.path())).forEach(d -> reasons.add("dep " + d.path() + " removed"));
        paramChanges(stage, lock, workspace, reasons);
        Set<String> outs = new HashSet<>();
        for (StageOutput out : stage.outs()) {
            outs.add(out.path());
            StageLock.LockedPath recorded = lock.out(out.path());
            if (recorded == null) {
                reasons.add("new output " + out.path());
                continue;
            }
            StageLock.LockedPath now = workspace.content(out.path(), false, out.cache());
            if (now == null) {
                reasons.add("output " + out.path() + " is missing");
            } else if (!workspace.unchanged(now, recorded)) {
                reasons.add("output " + out.path() + " changed");
            }
        }
        lock.outs().stream().filter(o -> !outs.contains(o.path())).forEach(o -> reasons.add("output " + o.path() + " removed"));
        return reasons;
    }

    private static void paramChanges(Stage stage, StageLock lock, Workspace workspace, List<String> reasons) {
        Map<String, Map<String, Object>> now = workspace.params(stage);
        for (Map.Entry<String, Map<String, Object>> file : now.entrySet()) {
            Map<String, Object> recorded = lock.params().getOrDefault(file.getKey(), Map.of());
            for (Map.Entry<String, Object> param : file.getValue().entrySet()) {
                String name = file.getKey() + ":" + param.getKey();
                Object value = param.getValue();
                if (value == ParamsFile.MISSING) {
                    reasons.add("param " + name + " is missing");
                } else if (!recorded.containsKey(param.getKey())) {
                    reasons.add("new param " + name);
                } else if (!sameValue(recorded.get(param.getKey()), value)) {
                    reasons.add("param " + name + " changed (" + recorded.get(param.getKey()) + " -> " + value + ")");
                }
            }
            for (String key : recorded.keySet()) {
                if (!file.getValue().containsKey(key)) {
                    reasons.add("param " + file.getKey() + ":" + key + " removed");
                }
            }
        }
        for (String file : lock.params().keySet()) {
            if (!now.containsKey(file)) {
                reasons.add("params of " + file + " removed");
            }
        }
    }

    /** YAML reads 1 as a long and 1.0 as a double; a param written either way is the same value. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
