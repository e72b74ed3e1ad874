package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Path;

/** Checks that a user-supplied path is somewhere dvj may track data. */
public final class PathArguments {
    private PathArguments() {
    }

    /** Refuses paths outside the repository, the repository root itself, and anything in .git or .dvj. */
    public static String requireTrackable(Repository repository, Path path) {
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
        // Its pointer and .gitignore line go into its folder: a folder reached through a link lies elsewhere.
        repository.boundary().writable(relative);
        return relative;
    }

    /** Refuses to let rm or mv edit what only dvj.yaml and repro may change. */
    static TrackedOutput requireNotPipelineOutput(TrackedOutput output) {
        if (output.fromPipeline()) {
            throw DvjException.invalid("'" + output.dataPath() + "' is an output of a pipeline stage (see "
                    + output.pointerPath() + "); change the stage in dvj.yaml instead");
        }
        return output;
    }
}
