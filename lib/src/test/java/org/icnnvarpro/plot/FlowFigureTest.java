package org.icnnvarpro.plot;

import static org.icnnvarpro.plot.PlotTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import org.icnnvarpro.data.Samples;
import org.junit.jupiter.api.Test;

class FlowFigureTest {

    @Test
    void fourPanelsAtRequestedSizeWithCaption() {
        Samples x = moons(1000, 1);
        Samples gx = gaussian(1000, 2);
        Samples z = gaussian(1000, 3);
        Samples gen = moons(988, 4);
        FlowFigure f = Figures.flow().target(x).pushForward(gx).reference(z).generated(gen)
                .title("moons: ICNN 4×32, variable projection");
        assertEquals("12 of 1000 did not converge", f.effectiveCaption());
        BufferedImage img = f.toImage();
        assertFigure(img, 1000, 1000, 0.02);
        save(img, "flow.png");
        // each quadrant has content of its own
        for (int q = 0; q < 4; q++) {
            int qx = (q % 2) * 500, qy = 60 + (q / 2) * 440;
            double ink = inkFraction(img, qx + 100, qy + 80, qx + 450, qy + 380);
            org.junit.jupiter.api.Assertions.assertTrue(ink > 0.02, "quadrant " + q + " ink " + ink);
        }
    }

    @Test
    void otherSizeNoCaptionWhenAllConverged() {
        FlowFigure f = Figures.flow().target(moons(200, 1)).pushForward(gaussian(200, 2))
                .reference(gaussian(200, 3)).generated(moons(200, 4)).size(800, 760);
        assertNull(f.effectiveCaption());
        BufferedImage img = f.toImage();
        assertFigure(img, 800, 760, 0.02);
        save(img, "flow-small.png");
    }

    @Test
    void higherDimensionalSamplesShowFirstTwoCoordinates() {
        double[][] rows = new double[300][3];
        java.util.Random r = new java.util.Random(5);
        for (double[] row : rows) for (int a = 0; a < 3; a++) row[a] = r.nextGaussian();
        Samples s = Samples.of(rows);
        BufferedImage img = Figures.flow().target(s).pushForward(s).reference(s).generated(s.range(0, 0))
                .notConverged(300).toImage();
        assertFigure(img, 1000, 1000, 0.01);
    }
}
