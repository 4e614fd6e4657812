package org.icnnvarpro.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.io.Messages;

/**
 * Reads and writes data files: CSV text (UTF-8), one sample per row, {@code d} numeric columns
 * separated by commas.
 *
 * <p>Accepted input:
 * <ul>
 *   <li>spaces (and tabs) around values are ignored, and so are double quotes around a value;</li>
 *   <li>the <em>first</em> line is a header if none of its cells is a number and one is not
 *       empty (e.g. {@code x1,x2}); a first line with a number in it is data (so
 *       {@code 1.0,2.0a} is an error in column 2, not a header); no other line may be a header;</li>
 *   <li>numbers are decimal, optionally with an exponent ({@code -1.5e-3}); every value must be
 *       finite ({@code NaN} and infinities are rejected);</li>
 *   <li>every row has the same number of columns as the first line;</li>
 *   <li>empty (or all-blank) lines at the end of the file are ignored; elsewhere they are an
 *       error; a leading UTF-8 byte-order mark is ignored; bytes that are not UTF-8 are an error
 *       on their own line.</li>
 * </ul>
 *
 * <p>Every problem is reported as a {@link DataFormatException} with a one-line message naming
 * the file (as given), the 1-based line and, where relevant, the 1-based column, e.g.
 * {@code moons.csv line 7, column 2: 'abc' is not a number} (a long cell is cut short in the
 * message).
 */
public final class CsvData {
    private CsvData() {}

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE =
            Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /**
     * Reads all samples of {@code file}; the dimension is the number of columns.
     *
     * @throws DataFormatException if the file is missing or unreadable, has no data rows, or any
     *     row is malformed (the message names file, line and column)
     */
    public static Samples read(Path file) {
        return parse(file, 0).samples;
    }

    /**
     * Reads {@code file} like {@link #read(Path)} and checks that its rows have
     * {@code expectedDim} columns (at the first row: a file of the wrong shape is refused before
     * it is read on).
     *
     * @throws DataFormatException as {@link #read(Path)}, or with a message like
     *     {@code X.csv: data has 3 columns but the model expects input dimension 2}
     */
    public static Samples read(Path file, int expectedDim) {
        if (expectedDim < 1) throw new IllegalArgumentException("expected dimension must be >= 1, got " + expectedDim);
        return parse(file, expectedDim).samples;
    }

    /**
     * The 1-based line of {@code file} that holds sample {@code sample} (0-based) of
     * {@link #read(Path)}: data rows follow each other, after the header if there is one. For
     * messages about a sample, e.g. {@code X.csv line 8: …}.
     */
    public static int lineOf(Path file, int sample) {
        try (LineReader r = new LineReader(Files.newInputStream(file), file.toString())) {
            String first = r.next();
            boolean header = first != null && isHeader(cells(stripBom(first)));
            return sample + (header ? 2 : 1);
        } catch (IOException e) {
            return sample + 1;
        }
    }

    /**
     * Writes {@code s} to {@code file} atomically (see {@link AtomicFile}; creating missing parent
     * directories, replacing an existing file only by the complete new one): a header
     * {@code x1,x2,...,xd}, then one row per sample, each value written with
     * {@link Double#toString(double)} so that {@link #read(Path)} gives back bit-identical values.
     * Lines end with {@code \n}. An empty batch gives a file with only the header (which
     * {@link #read(Path)} rejects as having no data rows).
     *
     * @throws UncheckedIOException if the file cannot be written (the message names the file and the reason)
     */
    public static void write(Path file, Samples s) {
        int n = s.size(), d = s.dim();
        double[] x = s.data();
        AtomicFile.writeText(file, w -> {
            StringBuilder line = new StringBuilder();
            for (int a = 0; a < d; a++) line.append(a == 0 ? "" : ",").append('x').append(a + 1);
            w.write(line.append('\n').toString());
            for (int j = 0; j < n; j++) {
                line.setLength(0);
                for (int a = 0; a < d; a++) {
                    if (a > 0) line.append(',');
                    line.append(Double.toString(x[j * d + a]));
                }
                w.write(line.append('\n').toString());
            }
        });
    }

    // ---- internals ----

    /** The samples and the header cells ({@code null} if the file has no header). */
    static final class Parsed {
        final Samples samples;
        final String[] header;

        Parsed(Samples samples, String[] header) {
            this.samples = samples;
            this.header = header;
        }
    }

    /** Parses {@code file}; {@code expectedDim > 0} is checked at the first row. */
    static Parsed parse(Path file, int expectedDim) {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new DataFormatException(name + ": is a directory, not a data file");
        try (LineReader r = new LineReader(Files.newInputStream(file), name)) {
            String[] header = null;
            int d = -1;
            double[] x = new double[1024];
            long count = 0; // values stored
            int firstBlank = 0; // line number of the first blank line of the current blank run, 0 if none
            String line;
            while ((line = r.next()) != null) {
                int lineNo = r.lineNumber();
                if (lineNo == 1) line = stripBom(line);
                if (line.isBlank()) {
                    if (firstBlank == 0) firstBlank = lineNo;
                    continue;
                }
                if (firstBlank != 0)
                    throw new DataFormatException(name + " line " + firstBlank
                            + ": empty line (only empty lines at the end of the file are allowed)");
                String[] cells = cells(line);
                if (lineNo == 1) {
                    d = cells.length;
                    if (isHeader(cells)) {
                        header = cells;
                        continue;
                    }
                }
                if (cells.length != d)
                    throw new DataFormatException(name + " line " + lineNo + ": " + cells.length
                            + (cells.length == 1 ? " column" : " columns") + ", expected " + d);
                if (count == 0 && expectedDim > 0 && d != expectedDim) throw dimensionMismatch(name, d, expectedDim, header);
                if (count + d > x.length) {
                    if (count + d > Memory.MAX_ARRAY)
                        throw new DataFormatException(name + " line " + lineNo + ": more values than one Java array can hold ("
                                + Memory.MAX_ARRAY + "); split the file");
                    x = Arrays.copyOf(x, (int) Math.min(Memory.MAX_ARRAY, Math.max(2L * x.length, count + d)));
                }
                for (int c = 0; c < d; c++) x[(int) count++] = value(cells[c], name, lineNo, c + 1);
            }
            if (count == 0) {
                if (header != null) throw new DataFormatException(name + ": no data rows (only a header line)");
                throw new DataFormatException(name + ": no data rows (empty file)");
            }
            return new Parsed(Samples.wrap((int) (count / d), d, Arrays.copyOf(x, (int) count)), header);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new DataFormatException(name + ": permission denied", e);
        } catch (IOException e) {
            throw new DataFormatException(name + ": cannot read (" + Messages.reason(e) + ")", e);
        }
    }

    private static DataFormatException dimensionMismatch(String name, int d, int expectedDim, String[] header) {
        String msg = name + ": data has " + d + (d == 1 ? " column" : " columns")
                + " but the model expects input dimension " + expectedDim;
        if (header != null && header.length == expectedDim + 1 && header[0].isEmpty())
            msg += " (the first column has an empty header: is it a row index, e.g. from pandas to_csv without index=False?)";
        return new DataFormatException(msg);
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int c = 0; c < cells.length; c++) cells[c] = unquote(cells[c].strip());
        return cells;
    }

    /**
     * Lines of a UTF-8 file, decoded one by one, so that a byte sequence that is not UTF-8 is
     * reported on its own line. Lines end with {@code \n}, {@code \r\n} or {@code \r}.
     */
    static final class LineReader implements java.io.Closeable {
        /** Longest line accepted (bytes): far beyond any CSV row, short of a binary file read whole. */
        static final int MAX_LINE = 64 << 20;
        private final InputStream in;
        private final String name;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private byte[] buf = new byte[256];
        private int lineNo;
        private boolean pendingLf; // a '\r' ended the previous line: skip a '\n' right after it

        LineReader(InputStream in, String name) {
            this.in = new BufferedInputStream(in, 1 << 16);
            this.name = name;
        }

        /** 1-based number of the line {@link #next()} returned last. */
        int lineNumber() { return lineNo; }

        /** The next line without its ending, or null at the end of the file. */
        String next() throws IOException {
            int len = 0, b;
            boolean ascii = true, any = false;
            while ((b = in.read()) >= 0) {
                if (pendingLf) {
                    pendingLf = false;
                    if (b == '\n') continue;
                }
                any = true;
                if (b == '\n') break;
                if (b == '\r') {
                    pendingLf = true;
                    break;
                }
                if (len == buf.length) {
                    if (len >= MAX_LINE)
                        throw new DataFormatException(name + " line " + (lineNo + 1) + ": longer than " + MAX_LINE
                                + " bytes (is this a CSV file?)");
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE, 2 * len));
                }
                buf[len++] = (byte) b;
                if (b >= 0x80) ascii = false;
            }
            if (!any) return null; // the end of the file, right after a line ending
            lineNo++;
            if (ascii) return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
            try {
                return utf8.decode(ByteBuffer.wrap(buf, 0, len)).toString();
            } catch (CharacterCodingException e) {
                throw new DataFormatException(name + " line " + lineNo + ": not UTF-8 text (is this a CSV file?)", e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static String unquote(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"')
            return cell.substring(1, cell.length() - 1).strip();
        return cell;
    }

    /**
     * The first line is a header when no cell of it is number-like and one is non-empty: a row
     * with a typo in a number ({@code 1.0,2.0a}) is a data row with an error, not a header.
     */
    private static boolean isHeader(String[] cells) {
        boolean text = false;
        for (String c : cells) {
            if (NUMBER.matcher(c).matches() || NON_FINITE.matcher(c).matches()) return false;
            if (!c.isEmpty()) text = true;
        }
        return text;
    }

    private static double value(String cell, String name, int line, int column) {
        String where = name + " line " + line + ", column " + column + ": ";
        if (cell.isEmpty()) throw new DataFormatException(where + "empty value (expected a number)");
        if (NON_FINITE.matcher(cell).matches())
            throw new DataFormatException(where + Messages.oneLine(cell, 40) + " is not allowed (values must be finite)");
        if (!NUMBER.matcher(cell).matches()) {
            String hint = "";
            if (cell.indexOf(';') >= 0) hint = " (values must be separated by commas, not ';')";
            else if (cell.indexOf('\t') >= 0) hint = " (values must be separated by commas, not tabs)";
            else if (cell.indexOf(' ') >= 0) hint = " (values must be separated by commas, not spaces)";
            throw new DataFormatException(where + Messages.quote(cell) + " is not a number" + hint);
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v))
            throw new DataFormatException(where + Messages.quote(cell) + " is too large (values must be finite)");
        return v;
    }
}
