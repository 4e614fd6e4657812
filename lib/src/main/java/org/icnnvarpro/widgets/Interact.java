package org.icnnvarpro.widgets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Named controls and a function of their values, shown together: the controls, then an
 * {@link Output} with the function's result (ipywidgets' {@code interact}). Start one with
 * {@link Widgets#interact}:
 *
 * <pre>{@code
 * Widgets.interact(
 *         Widgets.logSlider("learning rate", 0.05, 1e-3, 0.5),
 *         Widgets.intSlider("batch size", 64, 16, 512).step(16))
 *     .show(v -> Explore.curves(split, net, config.withLearningRate(v.getDouble("learning rate"))
 *             .withAdamBatch(v.getInt("batch size")), v));
 * }</pre>
 *
 * <p>{@link #show} calls the function once, in the cell, with the current values, and shows the
 * result. In a widget-capable page the controls stay live: every change (from the page or from Java)
 * asks for a new call. Requests are debounced ({@link #debounce}, default 300 ms: a slider drag
 * ends in one call), calls run one at a time on a worker thread, and a new request cancels the
 * running call ({@link Values#isCancelled()} turns true and its {@link Values#onCancel} hooks run);
 * the next call starts only after the running one has returned, so two calls never overlap. Only
 * the newest call's result is shown; an exception is shown as an error line and the controls stay
 * live. Values the page sends that a control rejects are reported in the output area.
 *
 * <p>Without a widget-capable page (a kernel without comms, plain JShell, the notebook test runner)
 * {@link #show} shows the result of that one call as ordinary output, so the notebook still runs
 * from top to bottom and keeps its outputs.
 */
public final class Interact {
    private final List<Control<?>> controls;
    private final Output output = new Output();
    private final Box box;
    private volatile long debounceMillis = 300;
    private volatile Function<? super Values, ?> function;
    private final Runner runner = new Runner();

    Interact(List<Control<?>> controls) {
        List<String> names = new ArrayList<>();
        for (Control<?> c : controls) {
            if (names.contains(c.description()))
                throw new IllegalArgumentException("two controls are named '" + c.description() + "': names must differ");
            names.add(c.description());
        }
        this.controls = List.copyOf(controls);
        this.box = new Box(false, List.of(new Box(false, new ArrayList<>(controls)), output));
    }

    /** Milliseconds without a further change before a new call starts (default 300). */
    public Interact debounce(long millis) {
        if (millis < 0) throw new IllegalArgumentException("debounce must be >= 0 ms, got " + millis);
        this.debounceMillis = millis;
        return this;
    }

    /** The area where the results appear. */
    public Output output() {
        return output;
    }

    /** The controls, in order. */
    public List<Control<?>> controls() {
        return controls;
    }

    /** The current values (a snapshot that no call uses). */
    public Values values() {
        return snapshot(false);
    }

    /**
     * Calls {@code function} with the current values and shows the controls with the result (see the
     * class comment). An exception of this first call is thrown to the cell.
     */
    public void show(Function<? super Values, ?> function) {
        if (this.function != null) throw new IllegalStateException("this interact is shown already");
        this.function = function;
        Connection c = Connection.current();
        Values first = snapshot(true);
        if (c.live() && box.open(c)) {
            String displayId = "interact-" + box.id();
            String text = "interact(" + first + ")";
            c.publish(Mime.widgetView(box.id(), text, null), displayId);
            Object result = function.apply(first);
            output.show(result);
            c.update(Mime.widgetView(box.id(), text, result), displayId);
            for (Control<?> control : controls) {
                control.onChange(v -> runner.request(snapshot(true)));
                control.onRejected(output::appendError);
            }
        } else {
            first.live = false;
            c.showStatic(function.apply(first));
        }
    }

    private Values snapshot(boolean live) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Control<?> c : controls) values.put(c.description(), c.value());
        Values v = new Values(values, output);
        v.live = live;
        return v;
    }

    /** The widget that shows everything (the controls above the output); for tests and layouts. */
    Box box() {
        return box;
    }

    /** For tests: waits until no call is pending or running; false on timeout. */
    boolean awaitIdle(long millis) throws InterruptedException {
        return runner.awaitIdle(millis);
    }

    private void call(Values v) {
        try {
            Object result = function.apply(v);
            if (!v.isCancelled()) output.show(result);
        } catch (RuntimeException | Error e) {
            if (!v.isCancelled()) output.clear().appendError(v + ": " + e);
        }
    }

    /** Runs calls one at a time on one daemon thread, after the debounce delay, newest request only. */
    private final class Runner implements Runnable {
        private Values pending;
        private long due;
        private Values running;
        private Thread thread;

        synchronized void request(Values v) {
            pending = v;
            due = System.nanoTime() + debounceMillis * 1_000_000L;
            if (running != null) running.cancel();
            if (thread == null) {
                thread = new Thread(this, "interact-" + box.id());
                thread.setDaemon(true);
                thread.start();
            }
            notifyAll();
        }

        @Override
        public void run() {
            while (true) {
                Values next;
                synchronized (this) {
                    try {
                        while (pending == null || System.nanoTime() < due) {
                            long wait = pending == null ? 60_000 : Math.max(1, (due - System.nanoTime()) / 1_000_000);
                            wait(wait);
                            if (pending == null) {   // idle for a minute: let the thread go
                                thread = null;
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        thread = null;
                        return;
                    }
                    next = pending;
                    pending = null;
                    running = next;
                }
                try {
                    call(next);
                } finally {
                    synchronized (this) {
                        running = null;
                        notifyAll();
                    }
                }
            }
        }

        synchronized boolean awaitIdle(long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (pending != null || running != null) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) return false;
                wait(left);
            }
            return true;
        }
    }

    /**
     * The values of one call, by control name, and the call's {@link Progress}: {@link #show}
     * replaces the output area's content while the call runs, {@link #isCancelled()} tells it that a
     * newer call is waiting.
     */
    public static final class Values implements Progress {
        private final Map<String, Object> values;
        private final Output output;
        private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
        private volatile boolean cancelled;
        private volatile boolean live;

        Values(Map<String, Object> values, Output output) {
            this.values = Collections.unmodifiableMap(values);
            this.output = output;
        }

        /** The value of the control named {@code name}. */
        public Object get(String name) {
            if (!values.containsKey(name)) throw new IllegalArgumentException("no control named '" + name + "' (controls: " + values.keySet() + ")");
            return values.get(name);
        }

        public int getInt(String name) {
            Object v = get(name);
            if (v instanceof Integer i) return i;
            throw new IllegalArgumentException("control '" + name + "' has the value " + v + ", not an integer");
        }

        public double getDouble(String name) {
            Object v = get(name);
            if (v instanceof Number n) return n.doubleValue();
            throw new IllegalArgumentException("control '" + name + "' has the value " + v + ", not a number");
        }

        public boolean getBoolean(String name) {
            Object v = get(name);
            if (v instanceof Boolean b) return b;
            throw new IllegalArgumentException("control '" + name + "' has the value " + v + ", not true/false");
        }

        public String getString(String name) {
            Object v = get(name);
            if (v instanceof String s) return s;
            throw new IllegalArgumentException("control '" + name + "' has the value " + v + ", not a string");
        }

        /** All values, by control name, in the order of the controls. */
        public Map<String, Object> asMap() {
            return values;
        }

        @Override
        public void show(Object partial) {
            if (live && !cancelled) output.show(partial);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        /** Runs {@code hook} when this call is cancelled, e.g. {@code v.onCancel(trainer::requestStop)}. */
        public Values onCancel(Runnable hook) {
            onCancel.add(hook);
            if (cancelled) hook.run();
            return this;
        }

        void cancel() {
            if (cancelled) return;
            cancelled = true;
            onCancel.forEach(Runnable::run);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ").append(Control.format(v)));
            return sb.toString();
        }
    }
}
