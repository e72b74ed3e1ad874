package dev.dvj.cli;

import dev.dvj.core.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on standard error: bytes with rate when the total is known, objects otherwise,
 * with the object count beside it. Only used on a terminal; scripts and CI see nothing.
 */
public final class TerminalProgress implements Progress {
    private ProgressBar bar;
    private final AtomicLong items = new AtomicLong();
    private long totalItems;
    private boolean byBytes;

    /** A bar when standard error is a terminal and output is for people; otherwise silence. */
    public static Progress forCommand(boolean quiet, boolean json) {
        String term = System.getenv("TERM");
        boolean terminal = System.console() != null && term != null && !term.equals("dumb");
        return terminal && !quiet && !json ? new TerminalProgress() : Progress.NONE;
    }

    @Override
    public synchronized void begin(String task, long totalItems, long totalBytes) {
        if (totalItems == 0) {
            return;
        }
        this.totalItems = totalItems;
        this.items.set(0); // one bar per task: add shows one per output
        this.byBytes = totalBytes > 0;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).clearDisplayOnFinish().showSpeed();
        if (byBytes) {
            builder.setInitialMax(totalBytes).setUnit(" MiB", 1 << 20);
        } else {
            builder.setInitialMax(totalItems).setUnit(" objects", 1);
        }
        bar = builder.build();
    }

    @Override
    public void advance(long doneItems, long doneBytes) {
        ProgressBar current;
        synchronized (this) {
            current = bar;
        }
        if (current == null) {
            return;
        }
        long count = items.addAndGet(doneItems);
        current.stepBy(byBytes ? doneBytes : doneItems);
        current.setExtraMessage(" " + count + "/" + totalItems + " objects");
    }

    @Override
    public synchronized void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
