package io.visage.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class ProgressLineTest {

    @Test
    public void rendersDoneTotalRateAndEta() {
        assertEquals("gallery_faces              2,500/10,000   25%  1,250/s  ETA 6 s",
                ProgressLine.render("gallery_faces", 2_500, 10_000, 2_000_000_000L));
        assertEquals("images                     10/10  100%  5/s  2 s",
                ProgressLine.render("images", 10, 10, 2_000_000_000L));
        assertEquals("2:05 min", ProgressLine.duration(125));
    }

    @Test
    public void redrawsInPlaceNotTooOftenAndEndsEachStepWithANewline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(1);
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        line.update("users", 0, 300);
        now.addAndGet(1_000_000);               // 1 ms later: not redrawn
        line.update("users", 100, 300);
        now.addAndGet(ProgressLine.MIN_REDRAW_NANOS);
        line.update("users", 200, 300);
        line.update("users", 300, 300);         // the last one always shows
        line.update("faces", 5, 5);
        line.finishStep();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(4, out.chars().filter(c -> c == '\r').count());
        assertTrue(out, !out.contains(" 100/300"));
        assertTrue(out, out.contains(" 200/300") && out.contains("300/300  100%"));
        assertEquals("one line per step", 2, out.chars().filter(c -> c == '\n').count());
    }
}
