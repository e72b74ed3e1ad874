package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.workspace.Repository;

import java.nio.file.Path;

/** Checks that a user-supplied path is somewhere dvj may track data. */
final class PathArguments {
    private PathArguments() {
    }

    /** Refuses paths outside the repository, the repository root itself, and anything in .git or .dvj. */
    static String requireTrackable(Repository repository, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(repository.root()) || absolute.equals(repository.root())) {
            throw DvjException.invalid("'" + path + "' is outside the repository " + repository.root());
        }
        String relative = repository.relative(absolute);
        for (String segment : relative.split("/")) {
            if (segment.equals(".git") || segment.equals(Repository.DVJ_DIR)) {
                throw DvjException.invalid("'" + relative + "' is inside " + segment + "; dvj cannot track it");
            }
        }
        return relative;
    }
}
