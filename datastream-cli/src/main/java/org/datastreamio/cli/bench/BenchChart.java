package org.datastreamio.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws MB/s per contender as a horizontal bar chart PNG with Java2D (headless, no dependency). */
final class BenchChart {
  private static final int WIDTH = 900;
  private static final int ROW = 30;
  private static final int LEFT = 190;
  private static final int RIGHT = 110;
  private static final int TOP = 50;

  private BenchChart() {}

  static void write(List<BenchResult> results, Path path, String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int height = TOP + ROW * results.size() + 30;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, 12, 28);
      double max = results.stream().mapToDouble(BenchResult::mbPerSecond).max().orElse(1);
      int barSpace = WIDTH - LEFT - RIGHT;
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < results.size(); i++) {
        BenchResult r = results.get(i);
        int y = TOP + i * ROW;
        int bar = (int) Math.max(1, Math.round(barSpace * r.mbPerSecond() / max));
        g.setColor(colorOf(r.name));
        g.fillRect(LEFT, y + 4, bar, ROW - 10);
        g.setColor(Color.BLACK);
        g.drawString(r.name, LEFT - 8 - fm.stringWidth(r.name), y + ROW / 2 + 4);
        g.drawString(
            String.format(Locale.ROOT, "%.1f MB/s", r.mbPerSecond()),
            LEFT + bar + 6,
            y + ROW / 2 + 4);
      }
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1));
      g.drawLine(LEFT, TOP, LEFT, TOP + ROW * results.size());
    } finally {
      g.dispose();
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", path.toFile())) {
      throw new IOException("No PNG writer in this JVM; cannot write " + path);
    }
  }

  /**
   * Reference points (raw Arrow, pyarrow, the runner's floor) grey, DataStreamIO blue, the
   * traditional baselines orange.
   */
  private static Color colorOf(String name) {
    if (name.startsWith("raw_") || name.startsWith("pyarrow") || name.startsWith("beam_floor")) {
      return new Color(0x9E9E9E);
    }
    if (name.startsWith("dsio_")) {
      return new Color(0x1F77B4);
    }
    return new Color(0xFF7F0E);
  }
}
