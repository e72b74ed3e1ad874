package dev.dvj.core.scm;

import java.time.Instant;
import java.util.List;

/**
 * One commit as history commands show it.
 *
 * @param id      the full commit id
 * @param subject the first line of the message
 * @param branches branch names pointing at it
 * @param tags     tag names pointing at it
 */
public record CommitInfo(String id, String author, String email, Instant time, String subject, List<String> branches,
                         List<String> tags) {

    /** Branches, then tags. */
    public List<String> refs() {
        List<String> refs = new java.util.ArrayList<>(branches);
        refs.addAll(tags);
        return refs;
    }

    public String shortId() {
        return id.substring(0, Math.min(7, id.length()));
    }

    /** The first tag or branch name, else the short id: how a table names the revision. */
    public String label() {
        return refs().isEmpty() ? shortId() : refs().get(0);
    }
}
