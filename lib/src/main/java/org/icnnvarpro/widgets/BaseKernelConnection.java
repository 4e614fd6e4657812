package org.icnnvarpro.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.comm.Comm;
import io.github.spencerpark.jupyter.kernel.comm.CommManager;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.comm.CommCloseCommand;
import io.github.spencerpark.jupyter.messages.comm.CommMsgCommand;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Widgets over the comms of a jupyter-jvm-basekernel kernel (IJava, the project's test kernel).
 *
 * <p>Loaded only by {@link Connection#current()}, by name, after it has found a running
 * {@code BaseKernel}: the library is compiled against the base kernel but does not ship it, so
 * nothing else may refer to this class. It uses only what Gson 2.8.5 (IJava's) has.
 *
 * <p>The base kernel's {@code CommManager.openComm} sends {@code comm_open} without metadata, but a
 * widget frontend needs the protocol version there ({@code {"version": "2.1.0"}}); the factory that
 * fills in the open data also sets the message's metadata field (by reflection, the one such access).
 */
final class BaseKernelConnection extends Connection {
    static final String TARGET = "jupyter.widget";
    static final String PROTOCOL = "2.1.0";
    private static final Field METADATA = metadataField();

    private final BaseKernel kernel;
    private final Map<String, Comm> comms = new ConcurrentHashMap<>();

    BaseKernelConnection(Object kernel) {
        this.kernel = (BaseKernel) kernel;
    }

    private static Field metadataField() {
        try {
            Field f = Message.class.getDeclaredField("metadata");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    boolean live() {
        return METADATA != null;
    }

    @Override
    String open(Widget w, Map<String, Object> data) {
        if (METADATA == null) return null;
        CommManager manager = kernel.getCommManager();
        Comm comm = manager.openComm(TARGET, (m, id, target, message) -> {
            JsonObject open = message.getContent().getData();
            data.forEach((k, v) -> open.add(k, toJson(v)));
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("version", PROTOCOL);
            try {
                METADATA.set(message, metadata);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set the widget protocol version on comm_open", e);
            }
            return new WidgetComm(m, id, target, w);
        });
        if (comm == null) return null;   // the kernel has no frontend connection
        comms.put(comm.getID(), comm);
        return comm.getID();
    }

    @Override
    void send(String commId, Map<String, Object> data, Object replyTo) {
        CommManager manager = kernel.getCommManager();
        if (replyTo instanceof Message<?> m) manager.setMessageContext(m);   // an echo answers the page's message
        manager.messageComm(commId, (JsonObject) toJson(data));
    }

    @Override
    void close(String commId) {
        Comm c = comms.remove(commId);
        if (c != null && !c.isClosed()) c.close();
    }

    @Override
    void publish(Map<String, Object> bundle, String displayId) {
        DisplayData d = displayData(bundle);
        if (displayId != null) d.setDisplayId(displayId);
        kernel.display(d);
    }

    @Override
    void update(Map<String, Object> bundle, String displayId) {
        kernel.getIO().display.updateDisplay(displayId, displayData(bundle));
    }

    @Override
    void showStatic(Object result) {
        for (Object part : Mime.parts(result)) kernel.display(displayData(Mime.bundle(part)));
    }

    private static DisplayData displayData(Map<String, Object> bundle) {
        DisplayData d = new DisplayData();
        bundle.forEach((mime, v) -> d.putData(mime, v instanceof Map<?, ?> || v instanceof List<?> ? toJson(v) : v));
        return d;
    }

    /** A widget's comm: messages from the page go to the widget, never out as an exception. */
    private final class WidgetComm extends Comm {
        private final Widget widget;

        WidgetComm(CommManager manager, String id, String target, Widget widget) {
            super(manager, id, target);
            this.widget = widget;
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            Object data;
            try {
                data = fromJson(message.getContent().getData());
                putBuffers(data, message.getBlobs());
            } catch (RuntimeException e) {
                widget.reportRejected(widget + ": unreadable message from the page (" + e.getMessage() + ")");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) data;
            widget.receive(map, message);
        }

        @Override
        protected void onClose(Message<CommCloseCommand> message, boolean sending) {
            comms.remove(getID());
        }
    }

    // ------------------------------------------------------------------------------- JSON

    static JsonElement toJson(Object v) {
        if (v == null) return JsonNull.INSTANCE;
        if (v instanceof JsonElement e) return e;
        if (v instanceof Boolean b) return new JsonPrimitive(b);
        if (v instanceof Number n) return new JsonPrimitive(n);
        if (v instanceof CharSequence s) return new JsonPrimitive(s.toString());
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.add(String.valueOf(k), toJson(x)));
            return o;
        }
        if (v instanceof Iterable<?> it) {
            JsonArray a = new JsonArray();
            for (Object x : it) a.add(toJson(x));
            return a;
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** Objects become maps, arrays lists, integers {@code Long}, other numbers {@code Double}. */
    static Object fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) m.put(x.getKey(), fromJson(x.getValue()));
            return m;
        }
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) l.add(fromJson(x));
            return l;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) return p.getAsBoolean();
        if (p.isString()) return p.getAsString();
        String s = p.getAsString();
        if (s.matches("-?\\d{1,18}")) return Long.parseLong(s);
        return Double.parseDouble(s);
    }

    /** Puts binary buffers into the state at their {@code buffer_paths} (protocol 2). */
    @SuppressWarnings("unchecked")
    static void putBuffers(Object data, List<byte[]> blobs) {
        if (!(data instanceof Map<?, ?> m) || !(m.get("buffer_paths") instanceof List<?> paths) || paths.isEmpty()) return;
        Object target = m.containsKey("state") ? m.get("state") : m.get("content");
        for (int i = 0; i < paths.size() && blobs != null && i < blobs.size(); i++) {
            List<Object> path = (List<Object>) paths.get(i);
            Object node = target;
            for (int k = 0; k < path.size() - 1; k++) {
                Object key = path.get(k);
                node = node instanceof Map<?, ?> nm ? nm.get(String.valueOf(key)) : ((List<Object>) node).get(((Number) key).intValue());
            }
            Object last = path.get(path.size() - 1);
            if (node instanceof Map<?, ?>) ((Map<String, Object>) node).put(String.valueOf(last), blobs.get(i));
            else ((List<Object>) node).set(((Number) last).intValue(), blobs.get(i));
        }
    }
}
