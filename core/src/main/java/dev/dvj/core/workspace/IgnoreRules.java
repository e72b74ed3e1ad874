package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import org.eclipse.jgit.ignore.IgnoreNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        int slash = path.length();
        while (slash > 0) {
            slash = path.lastIndexOf('/', slash - 1);
            String folder = slash < 0 ? "" : path.substring(0, slash);
            IgnoreNode node = byFolder.computeIfAbsent(folder, this::load);
            if (node != NONE) {
                Boolean ignored = node.checkIgnored(path.substring(slash + 1), isDirectory);
                if (ignored != null) {
                    return ignored;
                }
            }
            if (slash < 0) {
                break;
            }
        }
        return false;
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
