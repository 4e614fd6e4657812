package org.icnnvarpro.widgets;

import java.util.List;

/**
 * The helper models that visible widgets refer to: the layout ({@code LayoutModel} of
 * {@code @jupyter-widgets/base}) and the styles ({@code DescriptionStyleModel},
 * {@code SliderStyleModel}, …), with the keys of ipywidgets 8, all {@code null} (or empty) by default.
 */
final class Model extends Widget {
    private static final List<String> LAYOUT_KEYS = List.of("align_content", "align_items", "align_self",
            "border_bottom", "border_left", "border_right", "border_top", "bottom", "display", "flex", "flex_flow",
            "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row",
            "grid_template_areas", "grid_template_columns", "grid_template_rows", "height", "justify_content",
            "justify_items", "left", "margin", "max_height", "max_width", "min_height", "min_width", "object_fit",
            "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width");
    private static final List<String> FONT_KEYS = List.of("font_family", "font_size", "font_style", "font_variant",
            "font_weight", "text_color", "text_decoration");

    private Model(String model, String modelModule, String view) {
        super(model, modelModule, VERSION, view, BASE, VERSION);
    }

    static Model layout() {
        Model m = new Model("LayoutModel", BASE, "LayoutView");
        for (String k : LAYOUT_KEYS) m.put(k, null);
        return m;
    }

    /** A style of {@code @jupyter-widgets/controls} shown by the base module's {@code StyleView}. */
    private static Model style(String model, boolean description, List<String> nullKeys) {
        Model m = new Model(model, CONTROLS, "StyleView");
        if (description) m.put("description_width", "");
        for (String k : nullKeys) m.put(k, null);
        return m;
    }

    static Model descriptionStyle() { return style("DescriptionStyleModel", true, List.of()); }

    static Model sliderStyle() { return style("SliderStyleModel", true, List.of("handle_color")); }

    static Model checkboxStyle() { return style("CheckboxStyleModel", true, List.of("background")); }

    static Model toggleButtonStyle() { return style("ToggleButtonStyleModel", true, FONT_KEYS); }

    static Model buttonStyle() {
        Model m = style("ButtonStyleModel", false, List.of("button_color"));
        for (String k : FONT_KEYS) m.put(k, null);
        return m;
    }

    static Model htmlStyle() { return style("HTMLStyleModel", true, List.of("background", "font_size", "text_color")); }

    static Model textStyle() { return style("TextStyleModel", true, List.of("background", "font_size", "text_color")); }

    @Override
    Object accept(String key, Object json) {
        throw new IllegalArgumentException(this + ": '" + key + "' is set from Java only (got " + json + ")");
    }
}
