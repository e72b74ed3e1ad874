package dev.dvj.cli;

import dev.dvj.core.SystemEnv;

import java.io.PrintWriter;

/** The dvj executable: builds the command line and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = CliFactory.create(SystemEnv.system(), out, err, args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
