package org.icnnvarpro.widgets;

/**
 * HTML shown in the page ({@code HTMLModel}), set from Java only; e.g. a caption or a live number
 * next to other controls.
 *
 * <pre>{@code
 * Html status = Widgets.html("<b>ready</b>");
 * status.value("<b>3 runs</b>");
 * }</pre>
 */
public final class Html extends Widget {
    Html(String html) {
        super("HTMLModel", "HTMLView");
        domKeys();
        put("description", "");
        put("description_allow_html", false);
        put("style", Model.htmlStyle());
        put("value", html);
        put("placeholder", "\u200b");
    }

    public String value() { return (String) get("value"); }

    /** Replaces the HTML; the page follows. */
    public Html value(String html) {
        set("value", html);
        return this;
    }

    @Override
    public String toString() {
        return "HTML(" + value().replaceAll("<[^>]*>", "") + ")";
    }
}
