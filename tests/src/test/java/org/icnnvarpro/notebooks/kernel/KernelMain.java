package org.icnnvarpro.notebooks.kernel;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook kernel: a JVM that {@link org.icnnvarpro.notebooks.NotebookRunner} starts in the
 * notebook's folder (so relative paths resolve as under Jupyter) and drives over stdin/stdout.
 *
 * <p>Requests, one a line: {@code EVAL <base64 code>}, {@code CP <base64 path>}, {@code QUIT}. Each
 * answer is one line {@code @@NBK@@ <json>} on the real stdout; user code's {@code System.out} and
 * {@code System.err} are captured into the answer, and mirrored to the real stderr.
 */
public final class KernelMain {
    public static final String MARK = "@@NBK@@ ";

    /** Lets the widget library show results here (this kernel has no comms; see org.icnnvarpro.widgets). */
    static final String WIDGETS_DISPLAY = "icnnvarpro.widgets.display";

    private final ShellSession session;

    private KernelMain(ShellSession session) {
        this.session = session;
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        BufferedReader requests = new BufferedReader(
                new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        OutputSink.INSTANCE.mirrorTo(log);
        System.setOut(OutputSink.INSTANCE.stream("stdout"));
        System.setErr(OutputSink.INSTANCE.stream("stderr"));
        System.setIn(new ByteArrayInputStream(new byte[0]));

        System.setProperty(WIDGETS_DISPLAY, Display.class.getName() + "#display");
        KernelMain kernel;
        try {
            kernel = new KernelMain(ShellSession.start(log));
        } catch (IllegalStateException e) {
            protocol.println(MARK + Json.write(Map.of("fatal", String.valueOf(e.getMessage()))));
            System.exit(2);
            return;
        }
        protocol.println(MARK + Json.write(Map.of("ready", true)));

        String line;
        while ((line = requests.readLine()) != null) {
            String[] parts = line.split(" ");
            String command = parts[0];
            String arg = parts.length < 2 ? "" : decode(parts[1]);
            Map<String, Object> answer;
            switch (command) {
                case "EVAL" -> answer = kernel.eval(arg, parts.length > 2 ? decode(parts[2]) : "code",
                        parts.length > 3 ? Integer.parseInt(parts[3]) : 1);
                case "CP" -> {
                    answer = new LinkedHashMap<>();
                    answer.put("outputs", List.of());
                    Map<String, Object> error = kernel.session.addToClasspath(arg);
                    if (error != null) answer.put("error", error);
                }
                case "QUIT" -> {
                    kernel.session.close();
                    System.exit(0);
                    return;
                }
                default -> answer = Map.of("fatal", "unknown request " + command);
            }
            protocol.println(MARK + Json.write(answer));
        }
        System.exit(0);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** Runs a chunk of code and collects what it printed and displayed, and its rendered value. */
    private Map<String, Object> eval(String code, String label, int firstLine) {
        Map<String, Object> answer = new LinkedHashMap<>();
        OutputSink.INSTANCE.drain();
        ShellSession.Evaluation e = session.eval(code, label, firstLine);
        Map<String, Object> error = e.error();
        Map<String, String> rendered = null;
        if (error == null && e.value() != null) {
            try {
                rendered = Display.render(e.value()).data();
            } catch (Throwable t) {
                error = ShellSession.error(t.getClass().getName(), "rendering the cell's value failed: " + t.getMessage(), session.stack(t));
            }
        }
        System.out.flush();
        System.err.flush();
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (OutputSink.Event ev : OutputSink.INSTANCE.drain()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", ev.kind);
            if (ev.kind.equals("stream")) {
                o.put("name", ev.name);
                o.put("text", ev.text.toString());
            } else {
                o.put("id", ev.id);
                o.put("data", ev.data);
            }
            outputs.add(o);
        }
        answer.put("outputs", outputs);
        answer.put("evaluated", e.evaluated());
        answer.put("result", rendered);
        answer.put("error", error);
        return answer;
    }
}
