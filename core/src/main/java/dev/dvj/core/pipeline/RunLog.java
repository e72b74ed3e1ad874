package dev.dvj.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stage run on this machine, failed ones too, one JSON object per line in
 * {@code .dvj/tmp/runs.jsonl}: {@code dvj.lock} keeps only each stage's last successful run, and a
 * run that failed would otherwise leave no trace. Local, like Git's reflog: not committed.
 */
public final class RunLog {
    static final String FILE = "runs.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public RunLog(Repository repository) {
        this.file = repository.dvjDir().resolve("tmp").resolve(FILE);
    }

    /** One logged run: the stage, {@code ran} or {@code failed}, its record, and why it failed. */
    public record Entry(String stage, String outcome, StageLock.RunRecord run, String error) {
    }

    /** Appends a run; a log that cannot be written costs only the history, never the run. */
    synchronized void append(String stage, String outcome, StageLock.RunRecord run, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("stage", stage);
        line.put("outcome", outcome);
        line.put("run", run);
        if (error != null) {
            line.put("error", error);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only history
        }
    }

    /** The runs logged, oldest first; lines that do not parse (a write cut short) are skipped. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    entries.add(JSON.readValue(line, Entry.class));
                } catch (IOException e) {
                    // a torn last line
                }
            }
        } catch (IOException e) {
            return entries;
        }
        return entries;
    }
}
