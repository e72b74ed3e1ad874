package dev.dvj.cli.commands;

import java.util.regex.Pattern;

/** POSIX shell quoting of one word, as Python's shlex.quote does it: only where needed. */
final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        // Inside single quotes nothing is special; a single quote itself is closed, escaped, reopened.
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
