package dev.dvj.core;

/**
 * Reports how far long work has come: a count of items and, where known, of bytes. The library
 * only reports; the CLI decides whether and how to show it (a bar, only on a terminal).
 * Implementations must accept {@link #advance} from many threads.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long items, long bytes) {
        }

        @Override
        public void advance(long items, long bytes) {
        }

        @Override
        public void end() {
        }
    };

    /** Work starts: {@code items} items of {@code bytes} bytes in all (-1 when unknown). */
    void begin(String task, long items, long bytes);

    void advance(long items, long bytes);

    void end();
}
