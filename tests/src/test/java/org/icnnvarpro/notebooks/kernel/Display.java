package org.icnnvarpro.notebooks.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * IJava's display helpers, emulated; static-imported into every notebook kernel like IJava's
 * {@code io.github.spencerpark.ijava.runtime.Display}.
 *
 * <p>Rendering follows IJava: a {@link RenderedImage} (so a {@code BufferedImage}) becomes
 * {@code image/png}; a {@link CharSequence} is text and can be shown as any textual MIME type on request
 * ({@code display(html, "text/html")}); anything else is {@code String.valueOf}. Every bundle carries
 * {@code text/plain}. One deliberate difference: an image's {@code text/plain} is
 * {@code "BufferedImage 640x480"} instead of {@code String.valueOf(image)} (which holds an identity hash
 * code), so that re-running a notebook writes identical JSON.
 */
public final class Display {
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    /** Where displays go: the runner kernel's {@link OutputSink}, or Jupyter ({@link JupyterKernel}). */
    public interface Sink {
        void display(String id, DisplayData d);

        void update(String id, DisplayData d);
    }

    private static volatile Sink sink = OutputSink.INSTANCE;

    static void sendTo(Sink s) {
        sink = s;
    }

    private Display() {
    }

    public static String display(Object o) {
        return publish(render(o));
    }

    public static String display(Object o, String... mimeTypes) {
        return publish(render(o, mimeTypes));
    }

    public static DisplayData render(Object o) {
        if (o instanceof DisplayData d) {
            return d;
        }
        DisplayData d = new DisplayData();
        if (o instanceof RenderedImage img) {
            d.put("image/png", png(img));
            d.put("text/plain", imageText(img));
        } else {
            d.put("text/plain", String.valueOf(o));
        }
        return d;
    }

    public static DisplayData render(Object o, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) {
            return render(o);
        }
        if (o instanceof DisplayData d) {
            return d;
        }
        DisplayData d = new DisplayData();
        for (String mime : mimeTypes) {
            if (o instanceof RenderedImage img && mime.equals("image/png")) {
                d.put(mime, png(img));
            } else if (o instanceof CharSequence cs && isTextual(mime)) {
                d.put(mime, cs.toString());
            }
            // unsupported types are left out, as IJava does
        }
        d.put("text/plain", o instanceof RenderedImage img ? imageText(img) : String.valueOf(o));
        return d;
    }

    public static void updateDisplay(String id, Object o) {
        sink.update(id, render(o));
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        sink.update(id, render(o, mimeTypes));
    }

    private static String publish(DisplayData d) {
        // IJava uses a random UUID; a counter-based one keeps re-runs identical when a cell ends with
        // display(...), whose returned id IJava shows as the cell's value.
        String id = UUID.nameUUIDFromBytes(("display-" + COUNTER.incrementAndGet())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        sink.display(id, d);
        return id;
    }

    private static boolean isTextual(String mime) {
        return mime.startsWith("text/") || mime.equals("application/javascript") || mime.equals("image/svg+xml")
                || mime.endsWith("+json") || mime.equals("application/json") || mime.endsWith("+xml");
    }

    private static String imageText(RenderedImage img) {
        String kind = img instanceof java.awt.image.BufferedImage ? "BufferedImage" : "RenderedImage";
        return kind + " " + img.getWidth() + "x" + img.getHeight();
    }

    static String png(RenderedImage img) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for " + img);
            }
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
