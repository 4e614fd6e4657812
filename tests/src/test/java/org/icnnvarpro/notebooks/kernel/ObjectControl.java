package org.icnnvarpro.notebooks.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM (like JShell's "local" engine, and like IJava) and keeps each snippet's
 * value as the object itself rather than its string, so that a cell's last expression can be rendered
 * (an image becomes PNG). The value string JShell sees is a key into {@link #take}.
 */
final class ObjectControl extends DirectExecutionControl {
    static final String KEY_PREFIX = "__nbk_value_";
    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();
    private static final AtomicLong COUNTER = new AtomicLong();

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        String key = KEY_PREFIX + COUNTER.incrementAndGet();
        VALUES.put(key, value == null ? NULL : value);
        return key;
    }

    /** The object behind a value key; {@code null} for a null value or an unknown key. */
    static Object take(String key) {
        Object v = key == null ? null : VALUES.remove(key);
        return v == NULL ? null : v;
    }

    static void clear() {
        VALUES.clear();
    }

    static final class Provider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "notebook-kernel";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new ObjectControl();
        }
    }
}
