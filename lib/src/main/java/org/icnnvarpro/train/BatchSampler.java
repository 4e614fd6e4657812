package org.icnnvarpro.train;

import java.util.Random;
import org.icnnvarpro.data.Samples;

/** Mini-batches without replacement within an epoch, reshuffled each epoch with a seeded generator. */
final class BatchSampler {
    private final Samples data;
    private final int batch;
    private final Random rng;
    private final int[] order;
    private int pos;

    BatchSampler(Samples data, int batch, long seed) {
        if (batch > data.size())
            throw new IllegalArgumentException("batch size " + batch + " is larger than the training set (" + data.size() + " samples)");
        this.data = data;
        this.batch = batch;
        this.rng = new Random(seed);
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        shuffle();
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        pos = 0;
    }

    Samples next() {
        if (pos + batch > order.length) shuffle();
        int[] idx = new int[batch];
        System.arraycopy(order, pos, idx, 0, batch);
        pos += batch;
        return data.select(idx);
    }
}
