package dev.dvj.core.scm;

import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.CoreConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether Git would ignore a path, asked before the file exists: dvj checks a pointer's path
 * before writing it, since a pointer Git ignores is never committed and its data version is lost
 * to everyone else while {@code add} would say "staged". JGit answers this only for files that
 * exist (through a working-tree walk), so the rules are applied here as Git applies them: each
 * component from the top, by the deepest {@code .gitignore} that has a say, then
 * {@code .git/info/exclude} and {@code core.excludesFile}; once a folder is ignored everything
 * under it is, whatever later rules say.
 */
final class GitIgnoreCheck {
    private final Repository repository;
    private final Path workTree;

    GitIgnoreCheck(Repository repository) {
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath();
    }

    /** True when Git would ignore this work-tree-relative path ('/'-separated). */
    boolean isIgnored(String path) throws IOException {
        String[] parts = path.split("/");
        List<IgnoreNode> global = globalRules();
        List<IgnoreNode> perFolder = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            perFolder.add(rulesIn(workTree.resolve(String.join("/", java.util.Arrays.copyOfRange(parts, 0, i)))));
            boolean directory = i < parts.length - 1;
            if (Boolean.TRUE.equals(verdict(parts, i, directory, perFolder, global))) {
                return true;
            }
        }
        return false;
    }

    /** The say of the deepest rules that match component i, or null when none do. */
    private static Boolean verdict(String[] parts, int i, boolean directory, List<IgnoreNode> perFolder, List<IgnoreNode> global) {
        for (int level = i; level >= 0; level--) {
            String relative = String.join("/", java.util.Arrays.copyOfRange(parts, level, i + 1));
            Boolean said = perFolder.get(level).checkIgnored(relative, directory);
            if (said != null) {
                return said;
            }
        }
        String fromTop = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
        for (IgnoreNode rules : global) {
            Boolean said = rules.checkIgnored(fromTop, directory);
            if (said != null) {
                return said;
            }
        }
        return null;
    }

    private List<IgnoreNode> globalRules() throws IOException {
        List<IgnoreNode> rules = new ArrayList<>();
        rules.add(parse(repository.getDirectory().toPath().resolve("info").resolve("exclude")));
        String excludesFile = repository.getConfig().get(CoreConfig.KEY).getExcludesFile();
        if (excludesFile != null) {
            String expanded = excludesFile.startsWith("~/")
                    ? FS.DETECTED.userHome().toPath().resolve(excludesFile.substring(2)).toString() : excludesFile;
            rules.add(parse(Path.of(expanded)));
        }
        return rules;
    }

    private static IgnoreNode rulesIn(Path folder) throws IOException {
        return parse(folder.resolve(".gitignore"));
    }

    private static IgnoreNode parse(Path file) throws IOException {
        IgnoreNode node = new IgnoreNode();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                node.parse(file.toString(), in);
            }
        }
        return node;
    }
}
