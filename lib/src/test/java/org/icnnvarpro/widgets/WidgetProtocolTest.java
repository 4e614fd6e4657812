package org.icnnvarpro.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every widget's messages against the widget protocol 2.1.0 and the ipywidgets 8 model table
 * ({@link ProtocolSpec}): comm_open data, display bundle, updates from Java, updates from the page
 * (accepted: echoed; rejected: reset and reported), request_state, a button's click.
 */
class WidgetProtocolTest {
    private RecordingConnection conn;
    private final List<String> rejected = new ArrayList<>();

    @BeforeEach
    void record() {
        conn = new RecordingConnection();
        Connection.use(conn);
    }

    @AfterEach
    void forget() {
        Connection.use(null);
    }

    static Stream<Arguments> everyWidget() {
        return Stream.of(
                Arguments.of("IntSliderModel", (Supplier<Widget>) () -> Widgets.intSlider("n", 3, 1, 10)),
                Arguments.of("FloatSliderModel", (Supplier<Widget>) () -> Widgets.floatSlider("x", 0.5, 0, 1)),
                Arguments.of("FloatLogSliderModel", (Supplier<Widget>) () -> Widgets.logSlider("lr", 0.05, 1e-3, 1)),
                Arguments.of("DropdownModel", (Supplier<Widget>) () -> Widgets.dropdown("set", "b", "a", "b", "c")),
                Arguments.of("CheckboxModel", (Supplier<Widget>) () -> Widgets.checkbox("q", true)),
                Arguments.of("ToggleButtonModel", (Supplier<Widget>) () -> Widgets.toggle("t", false)),
                Arguments.of("TextModel", (Supplier<Widget>) () -> Widgets.text("s", "hello")),
                Arguments.of("ButtonModel", (Supplier<Widget>) () -> Widgets.button("go")),
                Arguments.of("HTMLModel", (Supplier<Widget>) () -> Widgets.html("<b>hi</b>")),
                Arguments.of("OutputModel", (Supplier<Widget>) () -> Widgets.output().show(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "text")),
                Arguments.of("HBoxModel", (Supplier<Widget>) () -> Widgets.hbox(Widgets.intSlider("a", 1, 0, 2), Widgets.html("x"))),
                Arguments.of("VBoxModel", (Supplier<Widget>) () -> Widgets.vbox(Widgets.checkbox("c", false), Widgets.output())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWidget")
    void displayOpensEveryModelWithTheProtocolStateThenShowsTheView(String model, Supplier<Widget> make) {
        Widget w = make.get();
        w.display();
        assertFalse(conn.opens.isEmpty());
        Map<String, String> modelOf = new LinkedHashMap<>();
        for (RecordingConnection.Open o : conn.opens) {
            assertEquals(List.of("state", "buffer_paths"), List.copyOf(o.data().keySet()), "comm_open data keys");
            assertEquals(List.of(), o.data().get("buffer_paths"));
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) o.data().get("state");
            List<String> problems = ProtocolSpec.problems(state, modelOf);   // references must be open already
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            modelOf.put(o.commId(), (String) state.get("_model_name"));
        }
        RecordingConnection.Open last = conn.opens.get(conn.opens.size() - 1);
        assertEquals(model, modelOf.get(last.commId()), "the widget itself is opened last");
        assertEquals(w.id(), last.commId());
        assertEquals(1, conn.published.size());
        Map<String, Object> bundle = conn.published.get(0).bundle();
        assertEquals(Map.of("model_id", w.id(), "version_major", 2, "version_minor", 0), bundle.get(Mime.WIDGET_VIEW));
        assertTrue(bundle.get("text/plain") instanceof String s && !s.isBlank(), "a text fallback: " + bundle);
        assertTrue(conn.sent.isEmpty(), "opening sends no messages: " + conn.sent);
        w.display();   // a second view of the same model opens nothing new
        assertEquals(modelOf.size(), conn.opens.size());
        assertEquals(2, conn.published.size());
    }

    @Test
    void aValueSetFromJavaIsSentToThePage() {
        IntSlider s = Widgets.intSlider("batch size", 64, 16, 512);
        List<Integer> seen = new ArrayList<>();
        s.onChange(seen::add);
        s.display();
        s.value(128);
        assertEquals(List.of(new RecordingConnection.Sent(s.id(), Widget.update("update", Map.of("value", 128)), null)), conn.sentTo(s));
        assertEquals(List.of(128), seen);
        assertThrows(IllegalArgumentException.class, () -> s.value(600));
        assertEquals(128, s.value());

        Dropdown d = Widgets.dropdown("scheme", "b", "a", "b");
        d.display();
        d.value("a");
        assertEquals(Map.of("index", 0), conn.sentTo(d).get(0).data().get("state"));
        Output out = Widgets.output();
        out.display();
        out.show("done");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outputs = (List<Map<String, Object>>) ((Map<?, ?>) conn.sentTo(out).get(0).data().get("state")).get("outputs");
        assertEquals("display_data", outputs.get(0).get("output_type"));
        assertEquals(Map.of("text/plain", "done"), outputs.get(0).get("data"));
    }

    @Test
    void anAcceptedValueFromThePageIsEchoedAndTold() {
        FloatLogSlider lr = Widgets.logSlider("learning rate", 0.05, 1e-3, 1);
        List<Double> seen = new ArrayList<>();
        lr.onChange(seen::add);
        lr.display();
        Object origin = new Object();
        lr.receive(RecordingConnection.update("value", 0.002), origin);
        assertEquals(0.002, lr.value());
        assertEquals(List.of(0.002), seen);
        assertEquals(List.of(new RecordingConnection.Sent(lr.id(), Widget.update("echo_update", Map.of("value", 0.002)), origin)),
                conn.sentTo(lr), "echo_update answers the page's own message");

        IntSlider n = Widgets.intSlider("n", 3, 1, 10);
        n.display();
        n.receive(RecordingConnection.update("value", 7L), null);     // JSON integers arrive as Long
        n.receive(RecordingConnection.update("value", 8.0), null);    // an integral float is an integer
        assertEquals(8, n.value());
        Dropdown d = Widgets.dropdown("set", "a", "a", "b", "c");
        d.display();
        d.receive(RecordingConnection.update("index", 2L), null);
        assertEquals("c", d.value());
        Checkbox c = Widgets.toggle("t", false);
        c.display();
        c.receive(RecordingConnection.update("value", true), null);
        assertTrue(c.value());
        Text t = Widgets.text("s", "a");
        t.display();
        t.receive(RecordingConnection.update("value", "b"), null);
        assertEquals("b", t.value());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of((Supplier<Control<?>>) () -> Widgets.intSlider("batch size", 64, 16, 512), "value", 5000L, "outside [16, 512]"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.intSlider("batch size", 64, 16, 512), "value", 64.5, "not an integer"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.intSlider("batch size", 64, 16, 512), "value", "64", "not a number"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.intSlider("batch size", 64, 16, 512), "value", true, "not a number"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.intSlider("batch size", 64, 16, 512), "min", 0L, "cannot be changed"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.floatSlider("warm-up", 0.3, 0, 1), "value", -0.5, "outside [0, 1]"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.floatSlider("warm-up", 0.3, 0, 1), "value", null, "not a finite number"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.logSlider("learning rate", 0.05, 1e-3, 1), "value", 3.0, "outside [0.001, 1]"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.logSlider("learning rate", 0.05, 1e-3, 1), "value", "fast", "not a finite number"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.dropdown("scheme", "a", "a", "b"), "index", 2L, "outside the option indices 0..1"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.dropdown("scheme", "a", "a", "b"), "index", -1L, "outside"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.checkbox("quadratic", true), "value", "yes", "not true or false"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.toggle("quadratic", true), "value", 1L, "not true or false"),
                Arguments.of((Supplier<Control<?>>) () -> Widgets.text("title", "a"), "value", 3L, "not a string"));
    }

    @ParameterizedTest(name = "{1} = {2}: {3}")
    @MethodSource("badValues")
    void aBadValueFromThePageIsRejectedWithAMessageAndTheControlIsReset(Supplier<Control<?>> make, String key, Object bad, String why) {
        Control<?> c = make.get();
        c.onRejected(rejected::add);
        List<Object> seen = new ArrayList<>();
        c.onChange(seen::add);
        c.display();
        Object before = c.value(), keyBefore = c.get(key);
        c.receive(RecordingConnection.update(key, bad), new Object());
        assertEquals(before, c.value(), "the value is kept");
        assertEquals(keyBefore, c.get(key));
        assertEquals(List.of(), seen, "no change is told");
        assertEquals(1, rejected.size(), "one message: " + rejected);
        String msg = rejected.get(0);
        assertTrue(msg.contains(c.description()) && msg.contains(why) && msg.contains(String.valueOf(bad)), msg);
        List<RecordingConnection.Sent> sent = conn.sentTo(c);
        assertEquals(1, sent.size(), "no echo, one reset: " + sent);
        assertEquals(Widget.update("update", Map.of(key, Widget.wire(keyBefore))), sent.get(0).data(), "the page is set back");
    }

    @Test
    void aMalformedMessageIsReportedNotThrown() {
        IntSlider s = Widgets.intSlider("n", 1, 0, 5);
        s.onRejected(rejected::add);
        s.display();
        s.receive(Map.of("method", "update", "state", "oops"), null);
        s.receive(Map.of("method", "launch"), null);
        s.receive(Map.of(), null);
        assertEquals(3, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).contains("'state' is not an object"), rejected.get(0));
        assertTrue(conn.sentTo(s).isEmpty());
    }

    @Test
    void requestStateIsAnsweredWithTheWholeState() {
        Checkbox c = Widgets.checkbox("q", true);
        c.display();
        c.receive(Map.of("method", "request_state"), null);
        Map<String, Object> data = conn.sentTo(c).get(0).data();
        assertEquals("update", data.get("method"));
        assertEquals(c.wireState(), data.get("state"));
        assertEquals(List.of(), data.get("buffer_paths"));
    }

    @Test
    void aClickRunsTheHandlers() {
        int[] clicks = {0};
        Button b = Widgets.button("go").onClick(() -> clicks[0]++);
        b.onRejected(rejected::add);
        b.display();
        b.receive(Map.of("method", "custom", "content", Map.of("event", "click")), null);
        b.receive(Map.of("method", "custom", "content", Map.of("event", "hover")), null);
        assertEquals(1, clicks[0]);
        assertEquals(1, rejected.size(), "the unknown event is reported: " + rejected);
        assertTrue(conn.sentTo(b).isEmpty());
    }

    @Test
    void layoutAndClose() {
        IntSlider s = Widgets.intSlider("n", 1, 0, 5);
        s.layout("width", "400px");
        assertThrows(IllegalArgumentException.class, () -> s.layout("widht", "400px"));
        s.display();
        Model layout = (Model) s.get("layout");
        assertEquals("400px", layout.get("width"));
        String id = s.id();
        s.close();
        assertEquals(null, s.id());
        assertEquals(id, conn.closed.get(0));
        assertEquals(conn.opens.size(), conn.closed.size(), "the slider, its layout and its style are closed");
    }
}
