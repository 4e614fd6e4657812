package org.icnnvarpro.train;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.icnnvarpro.io.AtomicFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The record of a training run: one row per logging point with the iteration, the work units
 * used (thesis §4.1: one forward and backward propagation of one sample), the inner solver's
 * cost (Newton steps and seconds), wall seconds of training up to the row (excluding the loss
 * evaluations made for this history, its own included, so the column never decreases), the
 * training loss {@code J} on the training set and the validation loss on the fixed validation set.
 */
public final class History {
    /** One logging point. */
    public record Row(String phase, int iteration, long workUnits, long innerNewtonSteps, double innerSeconds,
                      double wallSeconds, double trainLoss, double validationLoss) {}

    private final String name;
    private final List<Row> rows = new ArrayList<>();

    public History(String name) {
        this.name = name;
    }

    void add(Row r) {
        rows.add(r);
    }

    public String name() { return name; }

    public List<Row> rows() { return Collections.unmodifiableList(rows); }

    public int size() { return rows.size(); }

    /** The last row (null if empty). */
    public Row last() { return rows.isEmpty() ? null : rows.get(rows.size() - 1); }

    /** Work units of every row, for plotting. */
    public double[] workUnits() { return rows.stream().mapToDouble(Row::workUnits).toArray(); }

    /** Training losses of every row. */
    public double[] trainLoss() { return rows.stream().mapToDouble(Row::trainLoss).toArray(); }

    /** Validation losses of every row. */
    public double[] validationLoss() { return rows.stream().mapToDouble(Row::validationLoss).toArray(); }

    /** The history as a Tablesaw table (columns as in {@link Row}). */
    public Table toTable() {
        int n = rows.size();
        StringColumn phase = StringColumn.create("phase");
        IntColumn it = IntColumn.create("iteration");
        LongColumn wu = LongColumn.create("workUnits");
        LongColumn newton = LongColumn.create("innerNewtonSteps");
        DoubleColumn innerS = DoubleColumn.create("innerSeconds");
        DoubleColumn wall = DoubleColumn.create("wallSeconds");
        DoubleColumn train = DoubleColumn.create("trainLoss");
        DoubleColumn val = DoubleColumn.create("validationLoss");
        for (Row r : rows) {
            phase.append(r.phase);
            it.append(r.iteration);
            wu.append(r.workUnits);
            newton.append(r.innerNewtonSteps);
            innerS.append(r.innerSeconds);
            wall.append(r.wallSeconds);
            train.append(r.trainLoss);
            val.append(r.validationLoss);
        }
        return Table.create(name + " (" + n + " rows)", phase, it, wu, newton, innerS, wall, train, val);
    }

    /**
     * Writes the history as CSV (header line, one row per logging point), atomically
     * ({@link AtomicFile}).
     *
     * @throws UncheckedIOException naming the file and the reason if it cannot be written
     */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("phase,iteration,workUnits,innerNewtonSteps,innerSeconds,wallSeconds,trainLoss,validationLoss\n");
        for (Row r : rows) {
            sb.append(r.phase).append(',').append(r.iteration).append(',').append(r.workUnits).append(',')
                    .append(r.innerNewtonSteps).append(',').append(r.innerSeconds).append(',').append(r.wallSeconds).append(',')
                    .append(r.trainLoss).append(',').append(r.validationLoss).append('\n');
        }
        AtomicFile.writeString(file, sb);
    }

    @Override
    public String toString() {
        return toTable().print();
    }
}
