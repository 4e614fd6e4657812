package org.icnnvarpro.data;

/**
 * A data file that cannot be used: missing, unreadable as text, or not a table of finite numbers
 * with the same number of columns on every row. The message is one line naming the file and,
 * where there is one, the line and column, e.g.
 * {@code moons.csv line 7, column 2: 'abc' is not a number}.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete one-line message. */
    public DataFormatException(String message) {
        super(message);
    }

    /** Creates the exception with a complete one-line message and the underlying cause. */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
