package org.icnnvarpro.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Interact}: the static fallback (no comms), the live path (first result in the cell, later
 * results in the output area), debouncing, one call at a time with cancellation, rejected values
 * reported in the output, errors of later calls shown without breaking the controls.
 */
class InteractTest {
    @AfterEach
    void forget() {
        Connection.use(null);
    }

    private static Object text(Output out) {
        List<Object> outputs = out.outputs();
        if (outputs.isEmpty()) return null;
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) outputs.get(outputs.size() - 1);
        return o.containsKey("data") ? ((Map<?, ?>) o.get("data")).get("text/plain") : o.get("text");
    }

    @Test
    void withoutCommsTheFunctionRunsOnceAndItsResultIsShownStatically() {
        List<Object> shown = new ArrayList<>();
        Connection.use(new StaticConnection(shown::add));
        AtomicInteger calls = new AtomicInteger();
        BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
        Interact in = Widgets.interact(Widgets.intSlider("n", 3, 1, 9), Widgets.checkbox("q", true));
        in.show(v -> {
            calls.incrementAndGet();
            v.show("partial, not shown statically");
            assertFalse(v.isCancelled());
            return List.of(img, "n = " + v.getInt("n") + ", q = " + v.getBoolean("q"));
        });
        assertEquals(1, calls.get());
        assertEquals(List.of(img, "n = 3, q = true"), shown, "one result, both parts, nothing else");
        assertEquals(null, in.box().id(), "no comm was opened");
        assertThrows(IllegalStateException.class, () -> in.show(v -> "again"));
    }

    @Test
    void theStaticFallbackWithoutAnyKernelPrintsAndDoesNotThrow() {
        Connection.use(StaticConnection.find(null, InteractTest.class.getClassLoader()));
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true));
        try {
            Widgets.interact(Widgets.floatSlider("x", 0.25, 0, 1)).show(v -> List.of(new BufferedImage(7, 2, BufferedImage.TYPE_INT_RGB), "x = " + v.getDouble("x")));
            Widgets.intSlider("n", 1, 0, 2).display();
        } finally {
            System.setOut(old);
        }
        assertEquals("BufferedImage 7x2\nx = 0.25\nIntSlider(n = 1)\n", bytes.toString().replace("\r", ""));
    }

    @Test
    void liveTheFirstResultIsInTheCellAndLaterOnesFollowThePage() throws InterruptedException {
        RecordingConnection conn = new RecordingConnection();
        Connection.use(conn);
        IntSlider n = Widgets.intSlider("n", 3, 1, 9);
        Interact in = Widgets.interact(n).debounce(20);
        in.show(v -> List.of(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "n = " + v.getInt("n")));
        // display_data with the view first, then update_display_data adding the first result for static readers
        assertEquals(2, conn.published.size());
        assertFalse(conn.published.get(0).update());
        assertTrue(conn.published.get(1).update());
        assertEquals(conn.published.get(0).displayId(), conn.published.get(1).displayId());
        Map<String, Object> fallback = conn.published.get(1).bundle();
        assertEquals(in.box().id(), ((Map<?, ?>) fallback.get(Mime.WIDGET_VIEW)).get("model_id"));
        assertTrue(fallback.containsKey("image/png"));
        assertTrue(((String) fallback.get("text/plain")).contains("n = 3"));
        assertEquals("n = 3", text(in.output()));

        n.receive(RecordingConnection.update("value", 7L), new Object());
        assertTrue(in.awaitIdle(5_000));
        assertEquals("n = 7", text(in.output()));
        n.value(5);                                      // from Java: the page follows and the function reruns
        assertTrue(in.awaitIdle(5_000));
        assertEquals("n = 5", text(in.output()));
    }

    @Test
    void aBurstOfChangesEndsInOneCallWithTheLastValues() throws InterruptedException {
        Connection.use(new RecordingConnection());
        IntSlider n = Widgets.intSlider("n", 0, 0, 100);
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        Interact in = Widgets.interact(n).debounce(300);
        in.show(v -> {
            calls.add(v.getInt("n"));
            return "n = " + v.getInt("n");
        });
        for (int k = 1; k <= 20; k++) n.receive(RecordingConnection.update("value", (long) k), null);
        assertTrue(in.awaitIdle(10_000));
        assertEquals(List.of(0, 20), calls, "the first call in the cell, then one for the burst");
        assertEquals("n = 20", text(in.output()));
    }

    @Test
    void callsNeverOverlapAndANewerRequestCancelsTheRunningOne() throws InterruptedException {
        Connection.use(new RecordingConnection());
        IntSlider n = Widgets.intSlider("n", 0, 0, 100);
        AtomicInteger running = new AtomicInteger(), maxRunning = new AtomicInteger(), cancelled = new AtomicInteger();
        List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
        Interact in = Widgets.interact(n).debounce(5);
        in.show(v -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                v.onCancel(cancelled::incrementAndGet);
                for (int step = 0; step < 40 && !v.isCancelled(); step++) {
                    v.show("n = " + v.getInt("n") + ", step " + step);
                    Thread.sleep(5);
                }
                if (!v.isCancelled()) finished.add(v.getInt("n"));
                return "n = " + v.getInt("n") + " done";
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        });
        for (int k = 1; k <= 8; k++) {
            n.receive(RecordingConnection.update("value", (long) k), null);
            Thread.sleep(30);             // longer than the debounce, shorter than a call (about 200 ms)
        }
        assertTrue(in.awaitIdle(10_000));
        assertEquals(1, maxRunning.get(), "two calls ran at the same time");
        assertTrue(cancelled.get() >= 3, "running calls were cancelled: " + cancelled.get());
        assertEquals(8, finished.get(finished.size() - 1));
        assertEquals("n = 8 done", text(in.output()), "only the newest result is shown");
    }

    @Test
    void aRejectedValueIsReportedInTheOutputAndCallsNothing() throws InterruptedException {
        RecordingConnection conn = new RecordingConnection();
        Connection.use(conn);
        IntSlider n = Widgets.intSlider("batch size", 64, 16, 512);
        AtomicInteger calls = new AtomicInteger();
        Interact in = Widgets.interact(n).debounce(5);
        in.show(v -> "calls " + calls.incrementAndGet());
        n.receive(RecordingConnection.update("value", 4096L), new Object());
        assertTrue(in.awaitIdle(2_000));
        assertEquals(1, calls.get());
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) in.output().outputs().get(in.output().outputs().size() - 1);
        assertEquals("stream", last.get("output_type"));
        assertEquals("stderr", last.get("name"));
        assertTrue(((String) last.get("text")).contains("batch size") && ((String) last.get("text")).contains("4096"), last.toString());
        assertEquals(64, n.value());
    }

    @Test
    void anExceptionOfALaterCallIsShownAndTheControlsStayLive() throws InterruptedException {
        Connection.use(new RecordingConnection());
        IntSlider n = Widgets.intSlider("n", 1, 0, 10);
        Interact in = Widgets.interact(n).debounce(5);
        in.show(v -> {
            if (v.getInt("n") == 0) throw new ArithmeticException("division by n = 0");
            return "1/n = " + 1.0 / v.getInt("n");
        });
        n.receive(RecordingConnection.update("value", 0L), null);
        assertTrue(in.awaitIdle(2_000));
        assertTrue(String.valueOf(text(in.output())).contains("ArithmeticException: division by n = 0"), String.valueOf(text(in.output())));
        n.receive(RecordingConnection.update("value", 4L), null);
        assertTrue(in.awaitIdle(2_000));
        assertEquals("1/n = 0.25", text(in.output()));
    }

    @Test
    void valuesAreReadByName() {
        Connection.use(new StaticConnection(x -> { }));
        Interact in = Widgets.interact(Widgets.dropdown("set", "rings", "moons", "rings"), Widgets.logSlider("lr", 0.01, 1e-4, 1));
        Interact.Values v = in.values();
        assertEquals("rings", v.getString("set"));
        assertEquals(0.01, v.getDouble("lr"));
        assertEquals("set = \"rings\", lr = 0.01", v.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.getInt("width"));
        assertTrue(e.getMessage().contains("[set, lr]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.getInt("set"));
        assertThrows(IllegalArgumentException.class, () -> Widgets.interact(Widgets.checkbox("a", true), Widgets.toggle("a", false)));
    }
}
