package io.visage.shell.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A live progress line for long operator commands: "what  done/total  percent  rate/s  ETA", redrawn in place
 * (carriage return) at most every {@link #MIN_REDRAW_NANOS}, and ended with a newline when a step is done.
 */
final class ProgressLine {
    static final long MIN_REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final LongSupplier clock;
    private String step;
    private long stepStart;
    private long lastDraw;
    private int lastWidth;

    ProgressLine(PrintStream out) {
        this(out, System::nanoTime);
    }

    ProgressLine(PrintStream out, LongSupplier nanoClock) {
        this.out = out;
        this.clock = nanoClock;
    }

    /** Tells where a step stands; a new step name ends the previous step's line. */
    synchronized void update(String what, long done, long total) {
        long now = clock.getAsLong();
        if (!what.equals(step)) {
            finishStep();
            step = what;
            stepStart = now;
            lastDraw = 0;
        }
        boolean finished = total >= 0 && done >= total;
        if (!finished && lastDraw != 0 && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(render(what, done, total, now - stepStart));
    }

    /** Ends the current line. */
    synchronized void finishStep() {
        if (step != null) {
            out.println();
            out.flush();
            step = null;
            lastWidth = 0;
        }
    }

    private void draw(String line) {
        StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastWidth; i++) {
            text.append(' ');
        }
        lastWidth = line.length();
        out.print(text);
        out.flush();
    }

    static String render(String what, long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s %,d", what, done));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "/%,d  %3d%%", total, (int) (100 * done / total)));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
        if (total > 0 && done < total && rate > 0) {
            line.append("  ETA ").append(duration((total - done) / rate));
        } else {
            line.append("  ").append(duration(seconds));
        }
        return line.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60);
    }
}
