import dev.dvj.core.lib.Dvj;

import java.io.InputStream;

/**
 * Times the library API from inside the JVM (so JVM start is left out, as issue #24's target
 * asks): Dvj.open(URL) (a local or bare repository is read in place; any other URL is cloned
 * without its data), data(path, rev) and reading the file to its end. Prints the seconds and the
 * bytes read. Usage: ReadOne URL PATH REV
 */
public class ReadOne {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long bytes = 0;
        try (Dvj dvj = Dvj.open(args[0]); InputStream in = dvj.read(args[1], args[2])) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
            }
        }
        System.out.printf("%.3f %d%n", (System.nanoTime() - start) / 1e9, bytes);
    }
}
