package org.icnnvarpro.model;

/** A model file that cannot be read: not JSON, wrong format tag, shapes that do not fit, bad values. */
public class ModelFormatException extends IllegalArgumentException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
