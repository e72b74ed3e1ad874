package dev.dvj.core.sync;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.pipeline.RunCache;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.workspace.Outputs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code push/fetch --run-cache}: moves run-cache entries and the outputs they name. Like directory
 * manifests, an entry goes after its objects, so an entry on either side can be restored from.
 */
public final class RunCacheTransfer {
    private final ObjectDatabase remote;
    private final Transfer objects;
    private final RunCache runs;

    /**
     * @param runs    the local run-cache (its entries' outputs are checked against the cache)
     * @param objects moves the entries' outputs, to and from the database entries go to
     */
    public RunCacheTransfer(RunCache runs, Transfer objects) {
        this.remote = objects.remote();
        this.objects = objects;
        this.runs = runs;
    }

    /**
     * @param entries entries copied
     * @param present entries the destination already had
     * @param skipped entries not copied: their outputs are missing, or the entry is damaged
     * @param objects the outputs' objects moved for them
     */
    public record Result(int entries, int present, int skipped, Transfer.Result objects) {
    }

    /** Uploads the entries the remote lacks, each after the objects of its outputs. */
    public Result push() {
        Set<String> there = listRemote();
        Map<String, StageLock> toSend = new LinkedHashMap<>();
        int present = 0;
        int skipped = 0;
        for (String key : runs.keys()) {
            StageLock entry = there.contains(key) ? null : runs.read(key);
            if (entry == null) {
                present++;
            } else if (runs.restorable(entry)) {
                toSend.put(key, entry);
            } else {
                skipped++; // its outputs were garbage-collected here: the entry is of no use anywhere
            }
        }
        Transfer.Result moved = objects.push(Outputs.pipelineOutputs(toSend));
        if (!moved.missing().isEmpty()) {
            return new Result(0, present, skipped + toSend.size(), moved);
        }
        int sent = 0;
        for (Map.Entry<String, StageLock> entry : toSend.entrySet()) {
            try {
                remote.writeRun(entry.getKey(), runs.bytes(entry.getKey()));
            } catch (IOException e) {
                throw failure("cannot upload run-cache entry " + entry.getKey(), e);
            }
            sent++;
        }
        return new Result(sent, present, skipped, moved);
    }

    /** Downloads the entries the cache lacks, each after the objects of its outputs. */
    public Result fetch() {
        Set<String> here = runs.keys();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        Map<String, StageLock> parsed = new LinkedHashMap<>();
        int present = 0;
        int skipped = 0;
        for (String key : listRemote()) {
            if (here.contains(key)) {
                present++;
                continue;
            }
            try {
                Optional<byte[]> bytes = readRemote(key);
                if (bytes.isPresent()) {
                    parsed.put(key, RunCache.parse(key, bytes.get()));
                    raw.put(key, bytes.get());
                }
            } catch (DvjException damaged) {
                if (damaged.kind() == ErrorKind.REMOTE) {
                    throw damaged;
                }
                skipped++; // an entry is only a shortcut: a malformed one is not stored, and the stage runs again
            }
        }
        Transfer.Result moved = objects.fetch(Outputs.pipelineOutputs(parsed));
        int got = 0;
        for (Map.Entry<String, StageLock> entry : parsed.entrySet()) {
            if (!runs.restorable(entry.getValue())) {
                skipped++;
                continue;
            }
            runs.write(entry.getKey(), raw.get(entry.getKey()));
            got++;
        }
        return new Result(got, present, skipped, moved);
    }

    private Set<String> listRemote() {
        try {
            return remote.listRuns();
        } catch (IOException e) {
            throw failure("cannot list the run-cache", e);
        }
    }

    private Optional<byte[]> readRemote(String key) {
        try {
            return remote.readRun(key);
        } catch (IOException e) {
            throw failure("cannot download run-cache entry " + key, e);
        }
    }

    private DvjException failure(String what, IOException e) {
        return remote.error(what, e);
    }
}
