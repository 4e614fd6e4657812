package org.icnnvarpro.widgets;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The link between widgets and the kernel they run in: comms and display. Found once per JVM by
 * {@link #current()}:
 *
 * <ol>
 *   <li>the running Jupyter kernel, looked up reflectively so that no kernel is a dependency: the
 *       static no-argument method named by the system property {@value #KERNEL_PROPERTY}
 *       ({@code "pkg.Class#method"}, for kernels not listed here), IJava's
 *       {@code io.github.spencerpark.ijava.IJava#getKernelInstance}, JJava's
 *       {@code org.dflib.jjava.kernel.JavaNotebookStatics#kernel} and
 *       {@code org.dflib.jjava.JJava#getKernelInstance};</li>
 *   <li>if that kernel is a {@code io.github.spencerpark.jupyter.kernel.BaseKernel}
 *       (jupyter-jvm-basekernel, as IJava): live widgets over its comm manager
 *       ({@link BaseKernelConnection}, loaded reflectively because the library does not ship the
 *       base kernel);</li>
 *   <li>otherwise static display ({@link StaticConnection}): through the static method
 *       {@code display(Object)} named by {@value #DISPLAY_PROPERTY}, else the kernel's
 *       {@code display(DisplayData)}, else standard output.</li>
 * </ol>
 */
abstract class Connection {
    static final String KERNEL_PROPERTY = "icnnvarpro.widgets.kernel";
    static final String DISPLAY_PROPERTY = "icnnvarpro.widgets.display";
    private static final List<String> KNOWN_KERNELS = List.of(
            "io.github.spencerpark.ijava.IJava#getKernelInstance",
            "org.dflib.jjava.kernel.JavaNotebookStatics#kernel",
            "org.dflib.jjava.JJava#getKernelInstance");

    private static volatile Connection current;

    /** True when comms can be opened (a widget-capable kernel). */
    abstract boolean live();

    /** Opens a {@code jupyter.widget} comm for {@code w} with {@code data} as open data; its id, or null. */
    abstract String open(Widget w, Map<String, Object> data);

    /** Sends a comm message; {@code replyTo} is the page's message this answers (for the echo), or null. */
    abstract void send(String commId, Map<String, Object> data, Object replyTo);

    abstract void close(String commId);

    /** Publishes a {@code display_data} bundle below the running cell, with a display id when not null. */
    abstract void publish(Map<String, Object> bundle, String displayId);

    /** Replaces the bundle of an earlier {@link #publish} with that display id. */
    abstract void update(Map<String, Object> bundle, String displayId);

    /** Shows a result without widgets (images and text, each part on its own). */
    abstract void showStatic(Object result);

    static Connection current() {
        Connection c = current;
        if (c == null) {
            synchronized (Connection.class) {
                if (current == null) current = discover();
                c = current;
            }
        }
        return c;
    }

    /** For tests: use {@code c} from now on ({@code null}: look again). */
    static void use(Connection c) {
        current = c;
    }

    private static Connection discover() {
        ClassLoader loader = Connection.class.getClassLoader();
        List<String> accessors = new ArrayList<>();
        String property = System.getProperty(KERNEL_PROPERTY);
        if (property != null && !property.isBlank()) accessors.add(property.trim());
        accessors.addAll(KNOWN_KERNELS);
        Object kernel = null;
        for (String a : accessors) {
            kernel = invokeStatic(a, loader);
            if (kernel != null) break;
        }
        if (kernel != null) {
            try {
                Class<?> base = Class.forName("io.github.spencerpark.jupyter.kernel.BaseKernel", false, loader);
                if (base.isInstance(kernel)) {
                    return (Connection) Class.forName("org.icnnvarpro.widgets.BaseKernelConnection", true, loader)
                            .getDeclaredConstructor(Object.class).newInstance(kernel);
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not a kernel we can open comms in: static display below
            }
        }
        return StaticConnection.find(kernel, loader);
    }

    /** Calls the public static no-argument method {@code "pkg.Class#method"}; null if absent or failing. */
    static Object invokeStatic(String accessor, ClassLoader loader) {
        Method m = staticMethod(accessor, 0, loader);
        if (m == null) return null;
        try {
            return m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The public static method {@code "pkg.Class#method"} with {@code parameters} parameters, or null. */
    static Method staticMethod(String accessor, int parameters, ClassLoader loader) {
        int hash = accessor.indexOf('#');
        if (hash <= 0) return null;
        try {
            Class<?> c = Class.forName(accessor.substring(0, hash), true, loader);
            for (Method m : c.getMethods()) {
                if (m.getName().equals(accessor.substring(hash + 1)) && Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == parameters) return m;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return null;
    }
}
