package org.icnnvarpro.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
    @TempDir Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Reads {@code p} expecting a DataFormatException, returns its message. */
    private static String error(Path p) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvData.read(p));
        assertFalse(e.getMessage().contains("\n"), "message must be one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        double[] special = {0.1 + 0.2, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, -1e-300,
                Math.PI, -Math.E, 1.0 / 3, 123456789.123456789, Math.nextUp(1.0), 2.2250738585072014E-308};
        Samples a = Samples.wrap(special.length / 2, 2, special);
        Samples b = Datasets.gaussian(1000, new double[] {0, 5, -3}, 2.5, 3);
        for (Samples s : new Samples[] {a, b}) {
            Path p = dir.resolve("round" + s.dim() + ".csv");
            CsvData.write(p, s);
            Samples r = CsvData.read(p);
            assertEquals(s.size(), r.size());
            assertEquals(s.dim(), r.dim());
            for (int i = 0; i < s.data().length; i++)
                assertEquals(Double.doubleToRawLongBits(s.data()[i]), Double.doubleToRawLongBits(r.data()[i]), "value " + i);
        }
        assertEquals("x1,x2,x3", Files.readAllLines(dir.resolve("round3.csv")).get(0));
    }

    @Test
    void writeCreatesParentDirectories() {
        Path p = dir.resolve("a/b/s.csv");
        CsvData.write(p, Samples.of(new double[][] {{1, 2}}));
        assertEquals("x1,x2\n1.0,2.0\n", assertDoesNotThrow(() -> Files.readString(p)));
    }

    @Test
    void toleratesSpacesHeaderQuotesCrlfBomAndTrailingBlankLines() throws IOException {
        Path p = file("ok.csv", "\uFEFF x , \"y\" \r\n 1.5 ,2\r\n-3e-1,  +.25 \r\n\"4\",5.\r\n\r\n   \n");
        Samples s = CsvData.read(p);
        assertArrayEquals(new double[][] {{1.5, 2}, {-0.3, 0.25}, {4, 5}}, s.toArray());
        Samples noHeader = CsvData.read(file("nh.csv", "1,2,3\n4,5,6"));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, noHeader.data());
        assertEquals(3, noHeader.dim());
        Samples oneColumn = CsvData.read(file("one.csv", "x\n1\n2\n"));
        assertEquals(1, oneColumn.dim());
        assertEquals(2, oneColumn.size());
    }

    @Test
    void notANumberNamesFileLineAndColumn() throws IOException {
        Path p = file("moons.csv", "x1,x2\n1,2\n3,4\n5,6\n7,8\n9,10\n11,abc\n13,14\n");
        assertEquals(p + " line 7, column 2: 'abc' is not a number", error(p));
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path p = file("moons.csv", "x1,x2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2,3\n");
        assertEquals(p + " line 9: 3 columns, expected 2", error(p));
        Path q = file("short.csv", "1,2\n3\n");
        assertEquals(q + " line 2: 1 column, expected 2", error(q));
        Path r = file("trailing.csv", "1,2\n3,4,\n");
        assertEquals(r + " line 2: 3 columns, expected 2", error(r));
    }

    @Test
    void nonFiniteValuesAreRejected() throws IOException {
        Path p = file("moons.csv", "x1,x2\n1,2\n3,4\nNaN,5\n");
        assertEquals(p + " line 4, column 1: NaN is not allowed (values must be finite)", error(p));
        Path q = file("inf.csv", "1,-Infinity\n");
        assertEquals(q + " line 1, column 2: -Infinity is not allowed (values must be finite)", error(q));
        Path r = file("nan1.csv", "nan,1\n");
        assertEquals(r + " line 1, column 1: nan is not allowed (values must be finite)", error(r));
        Path big = file("big.csv", "1,1e999\n");
        assertEquals(big + " line 1, column 2: '1e999' is too large (values must be finite)", error(big));
    }

    @Test
    void emptyFilesAndHeaderOnlyHaveNoDataRows() throws IOException {
        Path p = file("moons.csv", "");
        assertEquals(p + ": no data rows (empty file)", error(p));
        Path blank = file("blank.csv", "\n  \n\n");
        assertEquals(blank + ": no data rows (empty file)", error(blank));
        Path header = file("header.csv", "x1,x2\n\n");
        assertEquals(header + ": no data rows (only a header line)", error(header));
    }

    @Test
    void missingFileAndDirectory() {
        Path p = dir.resolve("nope.csv");
        assertEquals(p + ": file not found", error(p));
        assertEquals(dir + ": is a directory, not a data file", error(dir));
    }

    @Test
    void onlyTheFirstLineMayBeAHeader() throws IOException {
        Path p = file("h2.csv", "1,2\nx,y\n3,4\n");
        assertEquals(p + " line 2, column 1: 'x' is not a number", error(p));
    }

    @Test
    void emptyValuesAndBlankLinesInsideTheData() throws IOException {
        Path p = file("e.csv", "x,y\n1,\n");
        assertEquals(p + " line 2, column 2: empty value (expected a number)", error(p));
        Path q = file("gap.csv", "x,y\n1,2\n\n3,4\n");
        assertEquals(q + " line 3: empty line (only empty lines at the end of the file are allowed)", error(q));
        // a first line with a missing value is data, not a header
        Path r = file("first.csv", "1,,2\n");
        assertEquals(r + " line 1, column 2: empty value (expected a number)", error(r));
    }

    @Test
    void wrongSeparatorGetsAHint() throws IOException {
        Path p = file("semi.csv", "x;y\n1;2\n");
        assertEquals(p + " line 2, column 1: '1;2' is not a number (values must be separated by commas, not ';')", error(p));
        Path q = file("tab.csv", "x\ty\n1\t2\n");
        assertEquals(q + " line 2, column 1: '1\t2' is not a number (values must be separated by commas, not tabs)", error(q));
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("bin.csv");
        Files.write(p, new byte[] {'1', ',', '2', '\n', (byte) 0xff, (byte) 0xfe, 0, 1});
        String m = error(p);
        assertTrue(m.startsWith(p + " line "), m);
        assertTrue(m.endsWith("not UTF-8 text (is this a CSV file?)"), m);
    }

    @Test
    void expectedDimensionIsChecked() throws IOException {
        Path p = file("X.csv", "a,b,c\n1,2,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvData.read(p, 2));
        assertEquals(p + ": data has 3 columns but the model expects input dimension 2", e.getMessage());
        assertEquals(3, CsvData.read(p, 3).dim());
        Path idx = file("pandas.csv", ",x1,x2\n0,1.5,2.5\n1,3.5,4.5\n");
        String m = assertThrows(DataFormatException.class, () -> CsvData.read(idx, 2)).getMessage();
        assertTrue(m.startsWith(idx + ": data has 3 columns but the model expects input dimension 2 (the first column"), m);
        assertThrows(IllegalArgumentException.class, () -> CsvData.read(p, 0));
    }

    @Test
    void aFirstRowWithANumberInItIsDataNotAHeader() throws IOException {
        // a typo in the first row used to make it a header, silently dropped
        Path typo = file("typo.csv", "1.0,2.0a\n3,4\n");
        assertEquals(typo + " line 1, column 2: '2.0a' is not a number", error(typo));
        Path mixed = file("mixed.csv", "x,1\n3,4\n");
        assertEquals(mixed + " line 1, column 1: 'x' is not a number", error(mixed));
        // a header has no number in it (an empty cell, as pandas' index column, is allowed)
        assertEquals(2, CsvData.read(file("h.csv", "x1,x2\n3,4\n5,6\n")).size());
        assertEquals(2, CsvData.read(file("p.csv", ",x1\n0,4\n1,6\n")).size());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedOnTheirOwnLine() throws IOException {
        // far beyond any read-ahead buffer: the line must be the one with the bad bytes
        StringBuilder sb = new StringBuilder("x1,x2\n");
        for (int i = 0; i < 3000; i++) sb.append("0.").append(i).append(",0.5\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'0', '.', '1', ',', '0', '.', (byte) 0xff, (byte) 0xfe, '\n', '1', ',', '2', '\n'};
        byte[] all = java.util.Arrays.copyOf(head, head.length + bad.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Path p = dir.resolve("u.csv");
        Files.write(p, all);
        assertEquals(p + " line 3002: not UTF-8 text (is this a CSV file?)", error(p));
        // valid UTF-8 beyond ASCII is fine where it is allowed (a header), and lone CR ends lines too
        assertEquals(1, CsvData.read(file("utf.csv", "α,β\r1,2\r")).size());
    }

    @Test
    void aHugeCellIsCutShortInTheMessage() throws IOException {
        Path p = file("big.csv", "1,2\n3," + "9".repeat(300) + "x" + "\n");
        String m = error(p);
        assertTrue(m.length() < 200, m);
        assertTrue(m.startsWith(p + " line 2, column 2: '999"), m);
        assertTrue(m.contains("(301 characters)"), m);
    }

    @Test
    void theWrongDimensionIsFoundAtTheFirstRow() throws IOException {
        // rows after the first are not even read: the garbage on line 3 is not what is reported
        Path p = file("d3.csv", "1,2,3\n4,5,6\nnot,even,numbers\n");
        assertEquals(p + ": data has 3 columns but the model expects input dimension 2",
                assertThrows(DataFormatException.class, () -> CsvData.read(p, 2)).getMessage());
    }

    @Test
    void lineOfASample() throws IOException {
        Path h = file("h.csv", "x1,x2\n1,2\n3,4\n");
        Path n = file("n.csv", "1,2\n3,4\n");
        assertEquals(3, CsvData.lineOf(h, 1));
        assertEquals(2, CsvData.lineOf(n, 1));
        assertEquals(2, CsvData.lineOf(file("bom.csv", "\uFEFFx,y\n1,2\n"), 0));
    }

    @Test
    void writeReplacesTheFileWithoutLeavingTemporaries() throws IOException {
        Path p = file("s.csv", "x1\n1.0\n");
        CsvData.write(p, Samples.of(new double[][] {{5, 6}}));
        assertEquals("x1,x2\n5.0,6.0\n", Files.readString(p));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void dataFormatExceptionIsAnIllegalArgumentException() {
        assertInstanceOf(IllegalArgumentException.class, new DataFormatException("x"));
    }
}
