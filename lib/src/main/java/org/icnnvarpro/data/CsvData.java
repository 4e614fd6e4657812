package org.icnnvarpro.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads and writes data files: CSV text (UTF-8), one sample per row, {@code d} numeric columns
 * separated by commas.
 *
 * <p>Accepted input:
 * <ul>
 *   <li>spaces (and tabs) around values are ignored, and so are double quotes around a value;</li>
 *   <li>the <em>first</em> line is a header if one of its cells is non-empty and not a number
 *       (e.g. {@code x1,x2}); no other line may be a header;</li>
 *   <li>numbers are decimal, optionally with an exponent ({@code -1.5e-3}); every value must be
 *       finite ({@code NaN} and infinities are rejected);</li>
 *   <li>every row has the same number of columns as the first line;</li>
 *   <li>empty (or all-blank) lines at the end of the file are ignored; elsewhere they are an
 *       error; a leading UTF-8 byte-order mark is ignored.</li>
 * </ul>
 *
 * <p>Every problem is reported as a {@link DataFormatException} with a one-line message naming
 * the file (as given), the 1-based line and, where relevant, the 1-based column, e.g.
 * {@code moons.csv line 7, column 2: 'abc' is not a number}.
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
        return parse(file).samples;
    }

    /**
     * Reads {@code file} like {@link #read(Path)} and checks that its rows have
     * {@code expectedDim} columns.
     *
     * @throws DataFormatException as {@link #read(Path)}, or with a message like
     *     {@code X.csv: data has 3 columns but the model expects input dimension 2}
     */
    public static Samples read(Path file, int expectedDim) {
        if (expectedDim < 1) throw new IllegalArgumentException("expected dimension must be >= 1, got " + expectedDim);
        Parsed p = parse(file);
        int d = p.samples.dim();
        if (d != expectedDim) {
            String msg = file + ": data has " + d + (d == 1 ? " column" : " columns")
                    + " but the model expects input dimension " + expectedDim;
            if (p.header != null && p.header.length == expectedDim + 1 && p.header[0].isEmpty())
                msg += " (the first column has an empty header: is it a row index, e.g. from pandas to_csv without index=False?)";
            throw new DataFormatException(msg);
        }
        return p.samples;
    }

    /**
     * Writes {@code s} to {@code file} (creating missing parent directories, replacing an
     * existing file): a header {@code x1,x2,...,xd}, then one row per sample, each value written
     * with {@link Double#toString(double)} so that {@link #read(Path)} gives back bit-identical
     * values. Lines end with {@code \n}. An empty batch gives a file with only the header (which
     * {@link #read(Path)} rejects as having no data rows).
     *
     * @throws UncheckedIOException if the file cannot be written (the message names the file)
     */
    public static void write(Path file, Samples s) {
        int n = s.size(), d = s.dim();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                for (int a = 0; a < d; a++) line.append(a == 0 ? "" : ",").append('x').append(a + 1);
                w.write(line.append('\n').toString());
                double[] x = s.data();
                for (int j = 0; j < n; j++) {
                    line.setLength(0);
                    for (int a = 0; a < d; a++) {
                        if (a > 0) line.append(',');
                        line.append(Double.toString(x[j * d + a]));
                    }
                    w.write(line.append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
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

    static Parsed parse(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new DataFormatException(name + ": is a directory, not a data file");
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = null;
            int d = -1;
            double[] x = new double[1024];
            int count = 0; // values stored
            int firstBlank = 0; // line number of the first blank line of the current blank run, 0 if none
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) {
                    if (firstBlank == 0) firstBlank = lineNo;
                    continue;
                }
                if (firstBlank != 0)
                    throw new DataFormatException(name + " line " + firstBlank
                            + ": empty line (only empty lines at the end of the file are allowed)");
                String[] cells = line.split(",", -1);
                for (int c = 0; c < cells.length; c++) cells[c] = unquote(cells[c].strip());
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
                if (count + d > x.length) x = Arrays.copyOf(x, Math.max(2 * x.length, count + d));
                for (int c = 0; c < d; c++) x[count++] = value(cells[c], name, lineNo, c + 1);
            }
            if (count == 0) {
                if (header != null) throw new DataFormatException(name + ": no data rows (only a header line)");
                throw new DataFormatException(name + ": no data rows (empty file)");
            }
            return new Parsed(Samples.wrap(count / d, d, Arrays.copyOf(x, count)), header);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new DataFormatException(name + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(name + " line " + (lineNo + 1) + ": not UTF-8 text (is this a CSV file?)", e);
        } catch (IOException e) {
            throw new DataFormatException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String unquote(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"')
            return cell.substring(1, cell.length() - 1).strip();
        return cell;
    }

    /** The first line is a header when one of its cells is non-empty and not number-like. */
    private static boolean isHeader(String[] cells) {
        for (String c : cells)
            if (!c.isEmpty() && !NUMBER.matcher(c).matches() && !NON_FINITE.matcher(c).matches()) return true;
        return false;
    }

    private static double value(String cell, String name, int line, int column) {
        String where = name + " line " + line + ", column " + column + ": ";
        if (cell.isEmpty()) throw new DataFormatException(where + "empty value (expected a number)");
        if (NON_FINITE.matcher(cell).matches())
            throw new DataFormatException(where + cell + " is not allowed (values must be finite)");
        if (!NUMBER.matcher(cell).matches()) {
            String hint = "";
            if (cell.indexOf(';') >= 0) hint = " (values must be separated by commas, not ';')";
            else if (cell.indexOf('\t') >= 0) hint = " (values must be separated by commas, not tabs)";
            else if (cell.indexOf(' ') >= 0) hint = " (values must be separated by commas, not spaces)";
            throw new DataFormatException(where + "'" + cell + "' is not a number" + hint);
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v))
            throw new DataFormatException(where + "'" + cell + "' is too large (values must be finite)");
        return v;
    }
}
