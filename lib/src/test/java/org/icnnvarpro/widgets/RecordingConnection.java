package org.icnnvarpro.widgets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A live connection that records every message instead of sending it, for the widget tests. */
final class RecordingConnection extends Connection {
    record Open(String commId, Widget widget, Map<String, Object> data) {}

    record Sent(String commId, Map<String, Object> data, Object replyTo) {}

    record Published(Map<String, Object> bundle, String displayId, boolean update) {}

    final List<Open> opens = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<Published> published = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    final Map<String, Widget> byId = new LinkedHashMap<>();
    private int next;

    @Override
    boolean live() { return true; }

    @Override
    synchronized String open(Widget w, Map<String, Object> data) {
        String id = "comm-" + (++next);
        opens.add(new Open(id, w, data));
        byId.put(id, w);
        return id;
    }

    @Override
    synchronized void send(String commId, Map<String, Object> data, Object replyTo) {
        sent.add(new Sent(commId, data, replyTo));
    }

    @Override
    synchronized void close(String commId) { closed.add(commId); }

    @Override
    synchronized void publish(Map<String, Object> bundle, String displayId) { published.add(new Published(bundle, displayId, false)); }

    @Override
    synchronized void update(Map<String, Object> bundle, String displayId) { published.add(new Published(bundle, displayId, true)); }

    @Override
    void showStatic(Object result) { throw new AssertionError("a live connection shows nothing statically: " + result); }

    synchronized List<Sent> sentTo(Widget w) {
        return sent.stream().filter(s -> s.commId().equals(w.id())).toList();
    }

    synchronized void clear() {
        sent.clear();
        published.clear();
    }

    /** What a frontend sends when the reader changes {@code key} to {@code value}. */
    static Map<String, Object> update(String key, Object value) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(key, value);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", "update");
        data.put("state", state);
        data.put("buffer_paths", List.of());
        return data;
    }
}
