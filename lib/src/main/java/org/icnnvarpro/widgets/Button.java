package org.icnnvarpro.widgets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push button ({@code ButtonModel}). A click in the page arrives as the custom message
 * {@code {"event": "click"}} and runs the click handlers.
 *
 * <pre>{@code
 * Button reset = Widgets.button("reset").onClick(() -> lr.value(0.05));
 * }</pre>
 */
public final class Button extends Widget {
    private final List<Runnable> handlers = new CopyOnWriteArrayList<>();

    Button(String description) {
        super("ButtonModel", "ButtonView");
        domKeys();
        put("description", description);
        put("disabled", false);
        put("icon", "");
        put("button_style", "");
        put("style", Model.buttonStyle());
    }

    /** Runs {@code handler} on every click. */
    public Button onClick(Runnable handler) {
        handlers.add(handler);
        return this;
    }

    /** Clicks the button from Java: runs the click handlers. */
    public void click() {
        handlers.forEach(Runnable::run);
    }

    /** One of {@code primary}, {@code success}, {@code info}, {@code warning}, {@code danger}, or empty. */
    public Button style(String buttonStyle) {
        if (!List.of("primary", "success", "info", "warning", "danger", "").contains(buttonStyle))
            throw new IllegalArgumentException("button style must be primary, success, info, warning, danger or empty, got '" + buttonStyle + "'");
        set("button_style", buttonStyle);
        return this;
    }

    @Override
    void custom(Map<String, Object> content) {
        if ("click".equals(content.get("event"))) {
            click();
        } else {
            super.custom(content);
        }
    }

    @Override
    public String toString() {
        return "Button(" + get("description") + ")";
    }
}
