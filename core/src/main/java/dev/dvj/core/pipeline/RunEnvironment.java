package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a stage ran on, for its run record: the machine, and the files it declares as its environment. */
final class RunEnvironment {
    private static volatile StageLock.Machine machine;

    private RunEnvironment() {
    }

    /** The OS, CPUs, physical memory and Java version of this process's machine (read once). */
    static StageLock.Machine machine() {
        StageLock.Machine known = machine;
        if (known == null) {
            long memory = 0;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize();
            }
            known = new StageLock.Machine(System.getProperty("os.name") + " " + System.getProperty("os.version")
                    + " (" + System.getProperty("os.arch") + ")", Runtime.getRuntime().availableProcessors(), memory,
                    Runtime.version().toString());
            machine = known;
        }
        return known;
    }

    /**
     * The SHA-256 of each {@code env:} file, by repository-relative path; {@code missing} for one
     * that is not there (recorded, not refused: the run itself went ahead).
     */
    static Map<String, String> hashes(Repository repository, List<String> files) {
        Map<String, String> hashes = new TreeMap<>();
        for (String file : files) {
            Path path = repository.resolve(file);
            try {
                hashes.put(file, Files.isRegularFile(path) ? Hashing.ofFile(path).hex() : "missing");
            } catch (IOException e) {
                throw DvjException.data("cannot read " + file + " (an env file of a stage): " + e.getMessage(), e);
            }
        }
        return hashes;
    }
}
