package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import org.eclipse.jgit.ignore.IgnoreNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code .dvjignore} files, with Git's pattern syntax (JGit's matcher), in the repository root and
 * any folder below it. Like Git, the deepest file with a matching pattern decides.
 */
public final class IgnoreRules {
    public static final String FILE_NAME = ".dvjignore";
    private static final IgnoreNode NONE = new IgnoreNode();

    private final Path root;
    private final Map<String, IgnoreNode> byFolder = new ConcurrentHashMap<>();

    public IgnoreRules(Path root) {
        this.root = root;
    }

    /** @param path repository-relative POSIX path */
    public boolean isIgnored(String path, boolean isDirectory) {
        int slash = path.lastIndexOf('/');
        return scopeOf(slash < 0 ? "" : path.substring(0, slash)).isIgnored(path, isDirectory);
    }

    /** The rules in force inside a folder: those of every {@code .dvjignore} from the root down. */
    public Scope scopeOf(String folder) {
        Scope scope = new Scope(List.of()).enter("");
        int from = 0;
        while (!folder.isEmpty()) {
            int slash = folder.indexOf('/', from);
            scope = scope.enter(slash < 0 ? folder : folder.substring(0, slash));
            if (slash < 0) {
                break;
            }
            from = slash + 1;
        }
        return scope;
    }

    /** The ignore files that apply at one point of a walk, carried down as the walk descends. */
    public final class Scope {
        private record Rule(int prefixLength, IgnoreNode node) {
        }

        private final List<Rule> rules;

        private Scope(List<Rule> rules) {
            this.rules = rules;
        }

        /** The scope inside a child folder (repository-relative), adding its ignore file if any. */
        public Scope enter(String folder) {
            IgnoreNode node = byFolder.computeIfAbsent(folder, IgnoreRules.this::load);
            if (node == NONE) {
                return this;
            }
            List<Rule> deeper = new ArrayList<>(rules);
            deeper.add(new Rule(folder.isEmpty() ? 0 : folder.length() + 1, node));
            return new Scope(List.copyOf(deeper));
        }

        /** True when no ignore file applies here: nothing can be ignored, whatever the path. */
        public boolean isEmpty() {
            return rules.isEmpty();
        }

        public boolean isIgnored(String path, boolean isDirectory) {
            for (int i = rules.size() - 1; i >= 0; i--) {
                Rule rule = rules.get(i);
                Boolean ignored = rule.node.checkIgnored(path.substring(rule.prefixLength), isDirectory);
                if (ignored != null) {
                    return ignored;
                }
            }
            return false;
        }
    }

    private IgnoreNode load(String folder) {
        Path file = (folder.isEmpty() ? root : root.resolve(folder)).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
        } catch (IOException e) {
            throw DvjException.invalid(file + ": cannot read: " + e.getMessage());
        }
        return node;
    }
}
