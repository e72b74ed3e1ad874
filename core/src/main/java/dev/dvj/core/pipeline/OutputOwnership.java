package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.nio.file.Files;

/**
 * Every output has one owner: a pointer file written by {@code dvj add}, or the one stage that
 * writes it. Two owners would record two versions of the same bytes, and whichever wrote last
 * would silently win on checkout. So a stage may not write a path that a pointer tracks (or one
 * inside a tracked folder), and {@code dvj add} may not take a stage's output, or the pipeline's
 * own files.
 */
public final class OutputOwnership {
    private OutputOwnership() {
    }

    /** Refuses a stage output that is, or lies inside, a path a pointer file tracks. */
    public static void requireStagesOwnTheirOutputs(Repository repository, Pipeline pipeline) {
        for (Stage stage : pipeline.stages()) {
            for (StageOutput out : stage.outs()) {
                for (String owned = out.path(); !owned.isEmpty(); owned = parentOf(owned)) {
                    if (Files.exists(Outputs.pointerFor(repository.resolve(owned)))) {
                        String pointer = owned + ".dvj";
                        throw DvjException.invalid(pipeline.file() + ":" + stage.line() + ": stages." + stage.name()
                                + ": output '" + out.path() + "' " + (owned.equals(out.path()) ? "is" : "is inside '" + owned + "', which is")
                                + " tracked by " + pointer + "; an output has one owner: stop tracking it with 'dvj remove "
                                + pointer + "' or write the output elsewhere");
                    }
                }
            }
        }
    }

    /** Refuses to add a path that the pipeline owns: its files, or a stage's output (or one around or inside it). */
    public static void requireNotOwnedByPipeline(Repository repository, String relative) {
        if (relative.equals(Pipeline.FILE) || relative.equals(dev.dvj.core.pointer.LockFile.FILE)) {
            throw DvjException.invalid("'" + relative + "' is the pipeline's own file and belongs in Git; dvj add cannot track it");
        }
        Pipeline pipeline = PipelineLoader.workspace(repository);
        for (Stage stage : pipeline.stages()) {
            for (StageOutput out : stage.outs()) {
                if (Dag.overlaps(out.path(), relative)) {
                    String where = out.path().equals(relative) ? "is" : relative.startsWith(out.path() + "/")
                            ? "is inside '" + out.path() + "', which is" : "holds '" + out.path() + "', which is";
                    throw DvjException.invalid("'" + relative + "' " + where + " an output of stage '" + stage.name() + "' ("
                            + pipeline.file() + ":" + stage.line() + "); 'dvj repro' records it in dvj.lock, and an output has"
                            + " one owner: remove it from the stage's outs to track it with dvj add");
                }
            }
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
