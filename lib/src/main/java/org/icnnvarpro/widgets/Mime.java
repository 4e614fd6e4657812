package org.icnnvarpro.widgets;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders results as Jupyter MIME bundles and nbformat outputs. */
final class Mime {
    static final String WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";

    private Mime() {
    }

    /** The parts of a result: a collection or array is flattened, {@code null} dropped. */
    static List<Object> parts(Object result) {
        List<Object> out = new ArrayList<>();
        if (result == null) return out;
        if (result instanceof Collection<?> c) {
            for (Object o : c) out.addAll(parts(o));
        } else if (result instanceof Object[] a) {
            for (Object o : a) out.addAll(parts(o));
        } else {
            out.add(result);
        }
        return out;
    }

    /** {@code image/png} (base64) and {@code text/plain} for an image; {@code text/plain} for anything else. */
    static Map<String, Object> bundle(Object part) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (part instanceof RenderedImage img) {
            b.put("image/png", png(img));
            b.put("text/plain", imageText(img));
        } else {
            b.put("text/plain", String.valueOf(part));
        }
        return b;
    }

    /** One nbformat {@code display_data} output per part of {@code result}. */
    static List<Object> outputs(Object result) {
        List<Object> out = new ArrayList<>();
        for (Object part : parts(result)) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("output_type", "display_data");
            o.put("data", bundle(part));
            o.put("metadata", Map.of());
            out.add(o);
        }
        return out;
    }

    /**
     * The bundle that shows a widget: the view reference for a widget-capable page, and for every
     * other reader the text and, if {@code result} holds an image, the first image.
     */
    static Map<String, Object> widgetView(String modelId, String text, Object result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_id", modelId);
        view.put("version_major", 2);
        view.put("version_minor", 0);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put(WIDGET_VIEW, view);
        StringBuilder plain = new StringBuilder(text);
        for (Object part : parts(result)) {
            if (part instanceof RenderedImage img) {
                if (!b.containsKey("image/png")) b.put("image/png", png(img));
            } else {
                plain.append('\n').append(part);
            }
        }
        b.put("text/plain", plain.toString());
        return b;
    }

    static String png(RenderedImage img) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", bytes)) throw new IllegalStateException("no PNG writer for " + img);
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String imageText(RenderedImage img) {
        return (img instanceof BufferedImage ? "BufferedImage " : "RenderedImage ") + img.getWidth() + "x" + img.getHeight();
    }
}
