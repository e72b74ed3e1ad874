package dev.dvj.core.pipeline;

import java.util.List;

/**
 * One stage of {@code dvj.yaml}, after interpolation and {@code foreach} expansion. Every path is
 * repository-relative POSIX.
 *
 * @param commands run one after another in {@code wdir} with the system shell; the first failure
 *                 stops the stage
 * @param line     where the stage is defined in {@code dvj.yaml}, for messages
 */
public record Stage(String name, List<String> commands, String wdir, List<String> deps, List<ParamRef> params,
                    List<StageOutput> outs, boolean frozen, boolean alwaysChanged, String desc, int line, List<String> env) {

    /**
     * A stage without {@code env:} files.
     *
     * @see #env the files a stage declares as its environment ({@code env: [requirements.txt, pom.xml]}),
     *      whose hashes each run records (they do not make it rerun: list them as deps for that)
     */
    public Stage(String name, List<String> commands, String wdir, List<String> deps, List<ParamRef> params,
                 List<StageOutput> outs, boolean frozen, boolean alwaysChanged, String desc, int line) {
        this(name, commands, wdir, deps, params, outs, frozen, alwaysChanged, desc, line, List.of());
    }

    /** The command as recorded in {@code dvj.lock}: one line per command. */
    public String cmdText() {
        return String.join("\n", commands);
    }
}
