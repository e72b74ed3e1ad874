package dev.dvj.core.tree;

import java.util.Comparator;

/**
 * Orders paths by their UTF-8 bytes, which is the same as ordering by Unicode code points. Java's
 * own String order compares UTF-16 units and differs for characters beyond the BMP.
 */
public final class PathOrder implements Comparator<String> {
    public static final PathOrder UTF8 = new PathOrder();

    private PathOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
