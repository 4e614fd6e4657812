package org.icnnvarpro.widgets;

import java.util.List;

/**
 * A choice among labels ({@code DropdownModel}); the value is the selected label. The page sends
 * the selected {@code index}, which must be a whole number below the number of options.
 *
 * <pre>{@code
 * Dropdown scheme = Widgets.dropdown("scheme", "Adam VarPro", "Full Adam", "Adam VarPro", "ℓBFGS VarPro");
 * }</pre>
 */
public final class Dropdown extends Control<String> {
    Dropdown(String description, String value, List<String> options) {
        super("DropdownModel", "DropdownView", description, Model.descriptionStyle());
        if (options.isEmpty()) throw new IllegalArgumentException(description + ": no options");
        if (options.stream().distinct().count() != options.size())
            throw new IllegalArgumentException(description + ": options must be distinct, got " + options);
        put("_options_labels", List.copyOf(options));
        put("index", indexOf(value));
    }

    /** The labels, in order. */
    @SuppressWarnings("unchecked")
    public List<String> options() { return (List<String>) get("_options_labels"); }

    /** The position of the selected label. */
    public int index() { return (Integer) get("index"); }

    @Override
    public String value() { return options().get(index()); }

    /** Selects {@code label}; the dropdown in the page follows. Not an option: {@link IllegalArgumentException}. */
    public Dropdown value(String label) {
        setValue("index", indexOf(label));
        return this;
    }

    private int indexOf(String label) {
        int i = options().indexOf(label);
        if (i < 0) throw new IllegalArgumentException(description() + ": '" + label + "' is not one of " + options());
        return i;
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("index")) return super.accept(key, json);
        long i = integral(json);
        if (i < 0 || i >= options().size()) throw outOfRange(json, "the option indices 0.." + (options().size() - 1));
        return (int) i;
    }
}
