package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce --quick} writes every table and figure; {@code train} keeps its work when stopped. */
class ReproduceAndTrainTest {
    @TempDir
    Path dir;

    @Test
    void reproduceQuickWritesEveryTableAndFigure() throws Exception {
        Cli.Result r = Cli.run(dir, "reproduce", "--quick", "--out", "res");
        assertEquals(0, r.exit(), r::toString);
        Path res = dir.resolve("res");
        String index = Files.readString(res.resolve("index.md"));
        for (String f : List.of("table-3.1.md", "figure-4.1-thesis.png", "figure-4.1-quadratic.png", "figure-4.2-thesis-full-adam.png",
                "figure-4.2-thesis-adam-lbfgs-varpro.png", "figure-4.2-quadratic-full-adam.png", "figure-4.2-quadratic-adam-lbfgs-varpro.png",
                "table-4.1-thesis-summary.csv", "table-4.1-thesis-histories.csv", "table-4.1-quadratic-summary.md", "schemes-runs.csv",
                "init-hessquik-runs.csv", "figure-init-hessquik.png")) {
            assertTrue(Files.size(res.resolve(f)) > 0, f);
            assertTrue(index.contains(f), "index links " + f);
        }
        // every link in the index points at a file that exists
        Matcher m = Pattern.compile("\\]\\(([^)]+)\\)").matcher(index);
        while (m.find()) assertTrue(Files.exists(res.resolve(m.group(1))), "link " + m.group(1));
        // the figures are real pictures: right size, many colours, not blank
        try (var files = Files.list(res)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                BufferedImage img = ImageIO.read(png.toFile());
                assertNotNull(img, png.toString());
                assertTrue(img.getWidth() >= 800 && img.getHeight() >= 400, png + " " + img.getWidth() + "x" + img.getHeight());
                Set<Integer> colours = new HashSet<>();
                int nonWhite = 0;
                for (int y = 0; y < img.getHeight(); y += 3)
                    for (int x = 0; x < img.getWidth(); x += 3) {
                        int rgb = img.getRGB(x, y) & 0xffffff;
                        colours.add(rgb);
                        if (rgb != 0xffffff) nonWhite++;
                    }
                assertTrue(colours.size() > 20, png + ": " + colours.size() + " colours");
                assertTrue(nonWhite > 1000, png + ": " + nonWhite + " non-white pixels");
            }
        }
        // Table 4.1 beside the thesis's numbers
        assertTrue(index.contains("| Full Adam |") && index.contains("-1.13 ± 0.03"), index);
        assertTrue(index.contains("The error falls like h²"), index);
    }

    @Test
    void interruptedTrainingStillWritesTheBestModelAndTheHistory() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Cli.JAR.toString(), "train", "--scheme", "full-adam", "--budget", "1000000000", "--n-val", "500", "--widths", "8,8",
                "--out", "m.json"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        int progressLines = 0;
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("[full-adam]") && ++progressLines == 2) break;
        }
        assertEquals(2, progressLines, seen::toString);
        // Ctrl-C
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        while ((line = out.readLine()) != null) seen.append(line).append('\n');
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), seen::toString);
        assertTrue(Files.exists(dir.resolve("m.json")), seen::toString);
        Icnn net = ModelFile.read(dir.resolve("m.json"));
        assertArrayEquals(new int[] {8, 8}, net.widths());
        List<String> hist = Files.readAllLines(dir.resolve("m.json.history.csv"));
        assertTrue(hist.size() >= 3, "history rows: " + hist.size());
        assertTrue(seen.toString().contains("STOPPED"), seen::toString);
    }
}
