package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads many packed objects with as few requests as fit: the objects wanted from one pack are
 * sorted by offset and read in runs, one range request each, a run spanning the gaps between
 * wanted objects up to {@link #MAX_GAP} (reading a few unwanted bytes costs less than another
 * request) and ending at {@link #MAX_RUN} so several run at once. A fetch that wants most of a
 * pack so reads all of it in a few big requests; one that wants a single file reads just that.
 */
public final class PackReader {
    static final long MAX_GAP = 256 << 10;
    static final long MAX_RUN = 4 << 20;

    private final ObjectDatabase medium;
    private final int jobs;

    PackReader(ObjectDatabase medium, int jobs) {
        this.medium = medium;
        this.jobs = Math.max(1, jobs);
    }

    /** Receives each object's bytes as read (not yet checked: the receiver checks them). */
    public interface Receiver {
        void receive(ObjectId id, byte[] bytes);
    }

    record Member(ObjectId id, long offset, long length) {
    }

    /** One range request: bytes {@code start} (inclusive) to {@code end} (exclusive) of a pack. */
    record Run(String packId, long start, long end, List<Member> members) {
    }

    /**
     * @param delivered ids the receiver took
     * @param corrupt   ids whose bytes the receiver refused as corrupt (an error of kind DATA), with why
     */
    public record Outcome(Set<ObjectId> delivered, Map<ObjectId, String> corrupt) {
    }

    static List<Run> plan(Map<ObjectId, PackingDatabase.Location> locations, Collection<ObjectId> ids) {
        Map<String, List<Member>> byPack = new java.util.TreeMap<>();
        for (ObjectId id : ids) {
            PackingDatabase.Location where = locations.get(id);
            byPack.computeIfAbsent(where.packId(), p -> new ArrayList<>()).add(new Member(id, where.offset(), where.length()));
        }
        List<Run> runs = new ArrayList<>();
        byPack.forEach((pack, members) -> {
            members.sort(Comparator.comparingLong(Member::offset));
            List<Member> current = new ArrayList<>();
            long start = 0;
            long end = 0;
            for (Member member : members) {
                boolean joins = !current.isEmpty() && member.offset() - end <= MAX_GAP
                        && member.offset() + member.length() - start <= MAX_RUN;
                if (!current.isEmpty() && !joins) {
                    runs.add(new Run(pack, start, end, current));
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    start = member.offset();
                }
                current.add(member);
                end = Math.max(end, member.offset() + member.length());
            }
            if (!current.isEmpty()) {
                runs.add(new Run(pack, start, end, current));
            }
        });
        return runs;
    }

    /**
     * Reads the objects, runs in parallel. An object the receiver refuses as corrupt fails alone:
     * the rest of its run, and every other run, still arrive. A run the medium retries from the
     * start (a connection reset mid-body) does not deliver an object twice.
     */
    Outcome read(Map<ObjectId, PackingDatabase.Location> locations, Collection<ObjectId> ids, Receiver receiver) {
        Set<ObjectId> delivered = ConcurrentHashMap.newKeySet();
        Map<ObjectId, String> corrupt = new ConcurrentHashMap<>();
        Parallel.map(plan(locations, ids), jobs, run -> {
            String name = PackIndex.packName(run.packId());
            try {
                boolean found = medium.readFile(name, run.start(), run.end() - run.start(), in -> {
                    long position = run.start();
                    for (Member member : run.members()) {
                        position += skip(in, member.offset() - position, name);
                        byte[] bytes = in.readNBytes((int) member.length());
                        position += bytes.length;
                        if (bytes.length != member.length()) {
                            throw new IOException(name + " ended before object " + member.id() + " did");
                        }
                        if (delivered.contains(member.id()) || corrupt.containsKey(member.id())) {
                            continue;
                        }
                        try {
                            receiver.receive(member.id(), bytes);
                            delivered.add(member.id());
                        } catch (DvjException refused) {
                            if (refused.kind() != ErrorKind.DATA) {
                                throw refused;
                            }
                            corrupt.put(member.id(), refused.getMessage());
                        }
                    }
                    return true;
                }).isPresent();
                if (!found) {
                    throw DvjException.data(medium.describe() + ": pack " + run.packId() + " is gone (its index is there):"
                            + " run 'dvj fsck -c'");
                }
            } catch (IOException e) {
                throw medium.error("cannot read " + name, e);
            }
            return run;
        });
        return new Outcome(delivered, corrupt);
    }

    private static long skip(InputStream in, long count, String name) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException(name + " ended early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        return count;
    }
}
