package org.icnnvarpro.notebooks.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects, in order, what the code of one request prints and displays. {@code System.out} and
 * {@code System.err} of the kernel JVM write here; consecutive writes to one stream merge into one
 * output, as Jupyter front ends do.
 */
public final class OutputSink implements Display.Sink {
    public static final OutputSink INSTANCE = new OutputSink();

    /** One event: kind "stream" (name, text), "display" (id, data) or "update" (id, data). */
    public static final class Event {
        final String kind;
        final String name;
        final StringBuilder text = new StringBuilder();
        final String id;
        final Map<String, String> data;

        Event(String kind, String name, String id, Map<String, String> data) {
            this.kind = kind;
            this.name = name;
            this.id = id;
            this.data = data;
        }
    }

    private final List<Event> events = new ArrayList<>();
    private PrintStream mirror;

    private OutputSink() {
    }

    /** Every printed text is also copied here (the kernel's real stderr), so a timed-out cell leaves a trace. */
    void mirrorTo(PrintStream mirror) {
        this.mirror = mirror;
    }

    PrintStream stream(String name) {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                text(name, new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    synchronized void text(String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        Event last = events.isEmpty() ? null : events.get(events.size() - 1);
        if (last == null || !last.kind.equals("stream") || !last.name.equals(name)) {
            last = new Event("stream", name, null, null);
            events.add(last);
        }
        last.text.append(text);
        if (mirror != null) {
            mirror.print(text);
            mirror.flush();
        }
    }

    @Override
    public synchronized void display(String id, DisplayData d) {
        events.add(new Event("display", null, id, Map.copyOf(d.data())));
    }

    @Override
    public synchronized void update(String id, DisplayData d) {
        events.add(new Event("update", null, id, Map.copyOf(d.data())));
    }

    synchronized List<Event> drain() {
        List<Event> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }
}
