package org.icnnvarpro.widgets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A Jupyter widget: a model whose state lives in the kernel and, when a widget-capable page is
 * connected, is mirrored by a model in the page (ipywidgets 8, widget protocol 2.1.0).
 *
 * <p>The state is a map of keys to JSON values, exactly the keys of the ipywidgets 8 model
 * ({@code _model_name}, {@code _model_module}, … and the widget's own keys). {@link #display()}
 * opens one comm per model (target {@code jupyter.widget}, referenced models such as the layout
 * first) and shows the view. Changes made in Java are sent to the page as {@code update} messages;
 * changes made in the page arrive as {@code update} messages, are checked, echoed back
 * ({@code echo_update}) when accepted, and answered with the unchanged value when rejected.
 *
 * <p>Without a widget-capable kernel (plain JShell, the command line, a kernel without comms),
 * {@link #display()} prints a one-line description instead; nothing fails.
 *
 * <pre>{@code
 * IntSlider batch = Widgets.intSlider("batch size", 64, 16, 512);
 * batch.display();
 * batch.value(128);     // the slider in the page moves
 * }</pre>
 */
public abstract class Widget {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String VERSION = "2.0.0";

    private final Map<String, Object> state = new LinkedHashMap<>();
    private volatile Connection connection;
    private volatile String id;
    private volatile Consumer<String> onRejected = message -> System.err.println(message);

    /** A model of module {@code module}, version 2.0.0, with its view in the same module. */
    Widget(String model, String view) {
        this(model, CONTROLS, VERSION, view, CONTROLS, VERSION);
    }

    Widget(String model, String modelModule, String modelVersion, String view, String viewModule, String viewVersion) {
        state.put("_model_module", modelModule);
        state.put("_model_module_version", modelVersion);
        state.put("_model_name", model);
        state.put("_view_count", null);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", viewVersion);
        state.put("_view_name", view);
    }

    /** Adds the keys every visible widget has (ipywidgets' DOMWidget); the layout is its own model. */
    final void domKeys() {
        state.put("_dom_classes", List.of());
        state.put("layout", Model.layout());
        state.put("tabbable", null);
        state.put("tooltip", null);
    }

    /** The comm id, which is the model id in the page; {@code null} until displayed in a widget-capable page. */
    public final String id() {
        return id;
    }

    /** The ipywidgets model name, e.g. {@code IntSliderModel}. */
    public final String modelName() {
        return (String) get("_model_name");
    }

    /**
     * Sets a CSS property of the widget's layout, e.g. {@code layout("width", "420px")}; the names
     * are those of ipywidgets' {@code Layout} ({@code width}, {@code height}, {@code margin}, …).
     */
    public Widget layout(String property, String value) {
        Object layout = get("layout");
        if (!(layout instanceof Model m)) throw new IllegalStateException(modelName() + " has no layout");
        m.set(property, value);
        return this;
    }

    /** Sets the hover text. */
    public Widget tooltip(String text) {
        if (!has("tooltip")) throw new IllegalStateException(modelName() + " has no tooltip");
        set("tooltip", text);
        return this;
    }

    /**
     * Where messages about rejected changes from the page go (default: standard error); an
     * {@link Interact} sends them to its output area.
     */
    public Widget onRejected(Consumer<String> sink) {
        this.onRejected = sink;
        return this;
    }

    /**
     * Shows the widget below the current cell: in a widget-capable page as a live view, otherwise
     * as a one-line text ({@link #toString()}).
     */
    public final void display() {
        Connection c = Connection.current();
        if (c.live() && open(c)) {
            c.publish(Mime.widgetView(id, toString(), null), null);
        } else {
            c.showStatic(toString());
        }
    }

    /** Closes the comms of this widget (and of its layout and style); the page removes its views. */
    public void close() {
        Connection c = connection;
        String commId = id;
        if (c == null || commId == null) return;
        connection = null;
        id = null;
        c.close(commId);
        for (Widget w : references()) w.close();
    }

    // ------------------------------------------------------------------------------- state

    final synchronized Object get(String key) {
        return state.get(key);
    }

    final synchronized boolean has(String key) {
        return state.containsKey(key);
    }

    /** Sets an initial key (before the widget is opened); no message. */
    final synchronized void put(String key, Object value) {
        state.put(key, value);
    }

    /** Sets a key and, if the widget is open, sends it to the page ({@code update}). */
    final void set(String key, Object value) {
        Connection c;
        String commId;
        synchronized (this) {
            if (!state.containsKey(key)) throw new IllegalArgumentException(modelName() + " has no key '" + key + "'");
            state.put(key, value);
            c = connection;
            commId = id;
        }
        if (c != null && commId != null) {
            for (Widget w : references(value)) w.open(c);
            c.send(commId, update("update", Map.of(key, wire(value))), null);
        }
    }

    /** A copy of the state with widget references written as {@code "IPY_MODEL_<id>"}. */
    final synchronized Map<String, Object> wireState() {
        Map<String, Object> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, wire(v)));
        return out;
    }

    /** Every key of the state. */
    final synchronized Set<String> keys() {
        return Set.copyOf(state.keySet());
    }

    static Object wire(Object v) {
        if (v instanceof Widget w) {
            if (w.id == null) throw new IllegalStateException(w.modelName() + " is referenced before it is open");
            return "IPY_MODEL_" + w.id;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) out.add(wire(o));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), wire(x)));
            return out;
        }
        return v;
    }

    /** The widgets this one's state refers to (layout, style, children). */
    final synchronized List<Widget> references() {
        return references(state.values());
    }

    private static List<Widget> references(Object v) {
        List<Widget> out = new ArrayList<>();
        if (v instanceof Widget w) {
            out.add(w);
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) out.addAll(references(o));
        } else if (v instanceof Map<?, ?> m) {
            for (Object o : m.values()) out.addAll(references(o));
        }
        return out;
    }

    // ------------------------------------------------------------------------------- comms

    /**
     * Opens this widget's comm (and first those of the widgets it refers to) if it is not open.
     * False when the connection cannot open comms (then nothing is open).
     */
    final boolean open(Connection c) {
        if (id != null) return true;
        for (Widget w : references()) {
            if (!w.open(c)) return false;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", wireState());
        data.put("buffer_paths", List.of());
        String commId = c.open(this, data);
        if (commId == null) return false;
        synchronized (this) {
            id = commId;
            connection = c;
        }
        return true;
    }

    static Map<String, Object> update(String method, Map<String, Object> state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", method);
        data.put("state", state);
        data.put("buffer_paths", List.of());
        return data;
    }

    /**
     * A message from the page on this widget's comm: {@code update} (checked key by key),
     * {@code request_state} (answered with the full state) or {@code custom}. Never throws: a
     * malformed message is reported like a rejected change.
     */
    final void receive(Map<String, Object> data, Object origin) {
        Object method = data == null ? null : data.get("method");
        try {
            if ("update".equals(method)) {
                frontendUpdate(asMap(data.get("state"), "state"), origin);
            } else if ("request_state".equals(method)) {
                send(update("update", wireState()), origin);
            } else if ("custom".equals(method)) {
                custom(asMap(data.get("content"), "content"));
            } else {
                onRejected.accept(this + ": ignored a message with unknown method " + method);
            }
        } catch (RuntimeException e) {
            onRejected.accept(this + ": could not handle a message from the page (" + e.getMessage() + ")");
        }
    }

    private void frontendUpdate(Map<String, Object> changes, Object origin) {
        Map<String, Object> accepted = new LinkedHashMap<>();
        Map<String, Object> reset = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>();
        boolean changed = false;
        synchronized (this) {
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                String key = e.getKey();
                try {
                    Object value = accept(key, e.getValue());
                    changed |= !java.util.Objects.equals(state.put(key, value), value);
                    accepted.put(key, wire(value));
                } catch (IllegalArgumentException rejected) {
                    messages.add(rejected.getMessage());
                    if (state.containsKey(key)) reset.put(key, wire(state.get(key)));
                }
            }
        }
        if (!accepted.isEmpty()) send(update("echo_update", accepted), origin);
        if (!reset.isEmpty()) send(update("update", reset), null);
        messages.forEach(onRejected);
        if (changed) changedFromPage();
    }

    private void send(Map<String, Object> data, Object origin) {
        Connection c = connection;
        String commId = id;
        if (c != null && commId != null) c.send(commId, data, origin);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException("'" + what + "' is not an object: " + o);
    }

    /**
     * Checks a value for {@code key} sent by the page and returns the value to store; throws
     * {@link IllegalArgumentException} with a message naming the widget, the value and the rule
     * when it is not acceptable. By default nothing is editable from the page.
     */
    Object accept(String key, Object json) {
        throw new IllegalArgumentException(this + ": '" + key + "' cannot be changed from the page (got " + json + ")");
    }

    /** Called after the page changed at least one key (outside the state lock). */
    void changedFromPage() {
    }

    /** A {@code custom} message from the page (a button's click). */
    void custom(Map<String, Object> content) {
        onRejected.accept(this + ": ignored a custom message " + content);
    }

    final void reportRejected(String message) {
        onRejected.accept(message);
    }

    @Override
    public String toString() {
        return modelName().replace("Model", "");
    }
}
