package org.icnnvarpro.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.comm.CommMsgCommand;
import io.github.spencerpark.jupyter.messages.comm.CommOpenCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Finding the kernel ({@link Connection#current()}), and {@link BaseKernelConnection} against the real
 * jupyter-jvm-basekernel 2.3.0 classes with an IOPub socket that records instead of sending:
 * {@code comm_open} carries the state and the protocol version, the page's messages reach the widget,
 * the echo answers the page's message.
 */
class ConnectionTest {
    static TestKernel kernel;

    @AfterEach
    void forget() {
        Connection.use(null);
        System.clearProperty(Connection.KERNEL_PROPERTY);
        System.clearProperty(Connection.DISPLAY_PROPERTY);
        kernel = null;
    }

    /** A base kernel that evaluates nothing. */
    static final class TestKernel extends BaseKernel {
        final List<DisplayData> displayed = new ArrayList<>();

        @Override
        public DisplayData eval(String expr) {
            return null;
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo("java", "17", "text/x-java-source", ".jshell", "java", "java", null);
        }

        @Override
        public void display(DisplayData data) {
            displayed.add(data);
        }
    }

    /** For {@code icnnvarpro.widgets.kernel}. */
    public static Object kernelInstance() {
        return kernel;
    }

    static final List<Object> DISPLAYED = new ArrayList<>();

    /** For {@code icnnvarpro.widgets.display}. */
    public static void displayHook(Object o) {
        DISPLAYED.add(o);
    }

    /** An IOPub socket that keeps the messages. */
    static final class RecordingSocket extends JupyterSocket {
        final List<Message<?>> messages = new ArrayList<>();

        RecordingSocket(ZMQ.Context ctx) {
            super(ctx, SocketType.PUB, HMACGenerator.NO_AUTH_INSTANCE, Logger.getLogger("test"));
        }

        @Override
        public void bind(KernelConnectionProperties props) {
        }

        @Override
        public synchronized void sendMessage(Message<?> message) {
            messages.add(message);
        }
    }

    @Test
    void withoutAKernelTheConnectionIsStatic() {
        assertInstanceOf(StaticConnection.class, Connection.current());
        assertEquals(false, Connection.current().live());
    }

    @Test
    void aKernelNamedByThePropertyIsFoundAndABaseKernelGetsLiveWidgets() {
        kernel = new TestKernel();
        System.setProperty(Connection.KERNEL_PROPERTY, ConnectionTest.class.getName() + "#kernelInstance");
        Connection c = Connection.current();
        assertInstanceOf(BaseKernelConnection.class, c);
        assertTrue(c.live());
        // not connected to a frontend (no IOPub): nothing opens, display falls back to the kernel's display
        Widgets.intSlider("n", 2, 0, 4).display();
        assertEquals(1, kernel.displayed.size());
        assertEquals("IntSlider(n = 2)", kernel.displayed.get(0).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
    }

    @Test
    void aDisplayHookNamedByThePropertyShowsStaticResults() {
        DISPLAYED.clear();
        System.setProperty(Connection.DISPLAY_PROPERTY, ConnectionTest.class.getName() + "#displayHook");
        Widgets.interact(Widgets.intSlider("n", 2, 0, 4)).show(v -> "n is " + v.getInt("n"));
        assertEquals(List.of("n is 2"), DISPLAYED);
    }

    @Test
    void commOpenCarriesTheStateAndTheProtocolVersionAndThePageReachesTheWidget() {
        ZMQ.Context ctx = ZMQ.context(1);
        RecordingSocket iopub = new RecordingSocket(ctx);
        try {
            kernel = new TestKernel();
            kernel.getCommManager().setIOPubChannel(iopub);
            System.setProperty(Connection.KERNEL_PROPERTY, ConnectionTest.class.getName() + "#kernelInstance");
            IntSlider s = Widgets.intSlider("batch size", 64, 16, 512);
            List<String> rejected = new ArrayList<>();
            s.onRejected(rejected::add);
            s.display();

            List<Message<?>> opens = iopub.messages.stream().filter(m -> m.getContent() instanceof CommOpenCommand).toList();
            assertEquals(3, opens.size(), "layout, style, slider");
            for (Message<?> m : opens) {
                assertEquals(Map.of("version", "2.1.0"), m.getMetadata());
                CommOpenCommand open = (CommOpenCommand) m.getContent();
                assertEquals("jupyter.widget", open.getTargetName());
                assertTrue(open.getData().has("state") && open.getData().getAsJsonArray("buffer_paths").size() == 0, open.getData().toString());
            }
            CommOpenCommand slider = (CommOpenCommand) opens.get(2).getContent();
            assertEquals(s.id(), slider.getCommID());
            JsonObject state = slider.getData().getAsJsonObject("state");
            assertEquals("IntSliderModel", state.get("_model_name").getAsString());
            assertEquals(64, state.get("value").getAsInt());
            assertEquals("IPY_MODEL_" + ((CommOpenCommand) opens.get(1).getContent()).getCommID(), state.get("style").getAsString());

            // the page moves the slider: the comm manager delivers the message, the echo answers it
            iopub.messages.clear();
            Message<CommMsgCommand> fromPage = new Message<>(new Header<>("session", CommMsgCommand.MESSAGE_TYPE),
                    new CommMsgCommand(s.id(), JsonParser.parseString("{\"method\":\"update\",\"state\":{\"value\":128},\"buffer_paths\":[]}").getAsJsonObject()));
            kernel.getCommManager().getCommByID(s.id()).getClass();   // registered by openComm
            deliver(fromPage);
            assertEquals(128, s.value());
            assertEquals(1, iopub.messages.size());
            Message<?> echo = iopub.messages.get(0);
            assertEquals(fromPage.getHeader().getId(), echo.getParentHeader().getId(), "the echo's parent is the page's message");
            assertEquals(JsonParser.parseString("{\"method\":\"echo_update\",\"state\":{\"value\":128},\"buffer_paths\":[]}"),
                    ((CommMsgCommand) echo.getContent()).getData());

            iopub.messages.clear();
            deliver(new Message<>(new Header<>("session", CommMsgCommand.MESSAGE_TYPE),
                    new CommMsgCommand(s.id(), JsonParser.parseString("{\"method\":\"update\",\"state\":{\"value\":\"a lot\"},\"buffer_paths\":[]}").getAsJsonObject())));
            assertEquals(128, s.value());
            assertEquals(JsonParser.parseString("{\"method\":\"update\",\"state\":{\"value\":128},\"buffer_paths\":[]}"),
                    ((CommMsgCommand) iopub.messages.get(0).getContent()).getData());
            assertEquals(1, rejected.size());
            assertTrue(rejected.get(0).contains("\"a lot\""), rejected.get(0));
        } finally {
            iopub.close();
            ctx.term();
        }
    }

    /** What the kernel's shell handler does with a comm_msg (without a reply environment). */
    private static void deliver(Message<CommMsgCommand> m) throws RuntimeException {
        try {
            java.lang.reflect.Method onMessage = io.github.spencerpark.jupyter.kernel.comm.Comm.class.getDeclaredMethod("onMessage", Message.class);
            onMessage.setAccessible(true);
            onMessage.invoke(kernel.getCommManager().getCommByID(m.getContent().getCommID()), m);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jsonRoundTripKeepsIntegersApartFromFloats() {
        Map<String, Object> v = Map.of("i", 3L, "f", 0.5, "l", List.of(true, "s"), "n", Map.of());
        assertEquals(v, BaseKernelConnection.fromJson(BaseKernelConnection.toJson(v)));
        assertEquals(3L, BaseKernelConnection.fromJson(JsonParser.parseString("3")));
        assertEquals(3.0, BaseKernelConnection.fromJson(JsonParser.parseString("3.0")));
        assertEquals(1e300, BaseKernelConnection.fromJson(JsonParser.parseString("1e300")));
        assertNull(BaseKernelConnection.fromJson(JsonParser.parseString("null")));
    }

    @Test
    void binaryBuffersArePutAtTheirPaths() {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) BaseKernelConnection.fromJson(JsonParser.parseString(
                "{\"method\":\"update\",\"state\":{\"x\":{},\"y\":[null,1]},\"buffer_paths\":[[\"x\",\"a\"],[\"y\",0]]}"));
        byte[] a = {1, 2}, b = {3};
        BaseKernelConnection.putBuffers(data, List.of(a, b));
        Map<?, ?> state = (Map<?, ?>) data.get("state");
        assertTrue(Arrays.equals(a, (byte[]) ((Map<?, ?>) state.get("x")).get("a")));
        assertTrue(Arrays.equals(b, (byte[]) ((List<?>) state.get("y")).get(0)));
    }
}
