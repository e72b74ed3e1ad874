package dev.dvj.core.scm;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code git} program, for the one thing dvj's Git library cannot do: sign a commit. JGit
 * 7 signs neither with gpg nor with ssh keys unless a signer library is on its class path, and
 * bundling one (Bouncy Castle, several MB) would sign with other code than the user's own Git,
 * gpg-agent and pinentry. So with {@code commit.gpgsign} set, {@code dvj commit} runs
 * {@code git commit}, which signs as the user's other commits are signed and runs the same hooks.
 */
final class GitProgram {
    private final Path workTree;

    GitProgram(Path workTree) {
        this.workTree = workTree;
    }

    /**
     * Commits what is staged, with git's own signing and hooks. Git's output (a hook's, gpg's)
     * goes to stderr, as git sends a hook's stdout there, so a {@code --json} result on stdout
     * stays clean.
     */
    void commit(String message) {
        ProcessBuilder builder = new ProcessBuilder(List.of("git", "commit", "--quiet", "--file", "-"))
                .directory(workTree.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DvjException(ErrorKind.GIT_REFUSED, "commit.gpgsign is true, and dvj's Git library cannot sign while no"
                    + " 'git' program was found to sign with: the changes are staged, so run 'git commit' with a Git that"
                    + " signs, or set commit.gpgsign false for this repository", e);
        }
        try {
            try (var in = process.getOutputStream()) {
                in.write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Thread relay = relayToStderr(process.getInputStream());
            int exit = process.waitFor();
            relay.join();
            if (exit != 0) {
                throw new DvjException(ErrorKind.GIT_REFUSED, "git commit (run to sign, as commit.gpgsign is true) failed with exit "
                        + exit + ": its output is above (a hook that refused, or a signing key gpg or ssh-keygen could not use);"
                        + " nothing was committed and the changes stay staged");
            }
        } catch (IOException e) {
            throw DvjException.data("cannot run git commit: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw DvjException.data("interrupted while git commit ran", e);
        }
    }

    private static Thread relayToStderr(InputStream out) {
        Thread relay = new Thread(() -> {
            try (out) {
                out.transferTo(System.err);
            } catch (IOException e) {
                // git ended; what it printed so far has been relayed
            }
        }, "git-output");
        relay.setDaemon(true);
        relay.start();
        return relay;
    }
}
