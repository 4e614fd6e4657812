package org.icnnvarpro.widgets;

import java.util.List;

/**
 * Widgets side by side ({@code HBoxModel}, {@link Widgets#hbox}) or one below the other
 * ({@code VBoxModel}, {@link Widgets#vbox}).
 *
 * <pre>{@code
 * Widgets.vbox(Widgets.hbox(lr, batch), out).display();
 * }</pre>
 */
public final class Box extends Widget {
    Box(boolean horizontal, List<Widget> children) {
        super(horizontal ? "HBoxModel" : "VBoxModel", horizontal ? "HBoxView" : "VBoxView");
        domKeys();
        put("tooltip", "");      // Box's own default (a string, not null)
        put("box_style", "");
        put("children", List.copyOf(children));
    }

    @SuppressWarnings("unchecked")
    public List<Widget> children() { return (List<Widget>) get("children"); }

    /** Replaces the children; the page follows. */
    public Box children(List<? extends Widget> children) {
        set("children", List.copyOf(children));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(super.toString()).append('(');
        List<Widget> c = children();
        for (int i = 0; i < c.size(); i++) sb.append(i == 0 ? "" : ", ").append(c.get(i));
        return sb.append(')').toString();
    }
}
