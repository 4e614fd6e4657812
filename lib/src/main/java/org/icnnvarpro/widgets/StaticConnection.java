package org.icnnvarpro.widgets;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Consumer;

/**
 * No comms: widgets cannot be shown live, results are displayed as plain outputs. Used in a kernel
 * without comms (or with comms of another kernel library), in plain JShell and on the command line.
 */
final class StaticConnection extends Connection {
    private final Consumer<Object> display;

    StaticConnection(Consumer<Object> display) {
        this.display = display;
    }

    /**
     * The display to use: the static {@code display(Object)} named by {@value #DISPLAY_PROPERTY}; the
     * kernel's {@code display(DisplayData)} of any basekernel-like kernel (a {@code DisplayData} with a
     * no-argument constructor and {@code putData(String, Object)}); standard output.
     */
    static StaticConnection find(Object kernel, ClassLoader loader) {
        String property = System.getProperty(DISPLAY_PROPERTY);
        if (property != null && !property.isBlank()) {
            Method m = staticMethod(property.trim(), 1, loader);
            if (m != null) {
                return new StaticConnection(part -> invoke(m, null, part));
            }
        }
        if (kernel != null) {
            for (Method m : kernel.getClass().getMethods()) {
                if (!m.getName().equals("display") || m.getParameterCount() != 1) continue;
                try {
                    Class<?> type = m.getParameterTypes()[0];
                    Method put = type.getMethod("putData", String.class, Object.class);
                    type.getConstructor();
                    return new StaticConnection(part -> {
                        try {
                            Object data = type.getConstructor().newInstance();
                            for (Map.Entry<String, Object> e : Mime.bundle(part).entrySet()) put.invoke(data, e.getKey(), e.getValue());
                            invoke(m, kernel, data);
                        } catch (ReflectiveOperationException e) {
                            System.out.println(part);
                        }
                    });
                } catch (NoSuchMethodException e) {
                    // not a DisplayData-like parameter
                }
            }
        }
        return new StaticConnection(part -> System.out.println(Mime.bundle(part).get("text/plain")));
    }

    private static void invoke(Method m, Object target, Object arg) {
        try {
            m.invoke(target, arg);
        } catch (ReflectiveOperationException e) {
            System.out.println(arg);
        }
    }

    @Override
    boolean live() { return false; }

    @Override
    String open(Widget w, Map<String, Object> data) { return null; }

    @Override
    void send(String commId, Map<String, Object> data, Object replyTo) { }

    @Override
    void close(String commId) { }

    @Override
    void publish(Map<String, Object> bundle, String displayId) {
        display.accept(bundle.get("text/plain"));
    }

    @Override
    void update(Map<String, Object> bundle, String displayId) { }

    @Override
    void showStatic(Object result) {
        for (Object part : Mime.parts(result)) display.accept(part);
    }
}
