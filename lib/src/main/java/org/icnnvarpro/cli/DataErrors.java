package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.DataFormatException;
import org.icnnvarpro.model.NotPositiveDefiniteException;

/** Errors at a sample of a data file, reported with the file and the line of that sample. */
final class DataErrors {
    private DataErrors() {}

    /**
     * Runs {@code work} on all samples of {@code file} (in file order); an undefined loss at a
     * sample becomes a {@link DataFormatException} such as
     * {@code X.csv line 8: the loss is undefined at sample 7 (x = […]): …}.
     */
    static <T> T located(Path file, Supplier<T> work) {
        try {
            return work.get();
        } catch (NotPositiveDefiniteException e) {
            throw new DataFormatException(file + " line " + CsvData.lineOf(file, e.sample()) + ": " + e.getMessage(), e);
        }
    }
}
