package org.datastreamio.hop.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** Writes a PNG of a shell to target/screenshots/ (copied into docs/images/ for the docs). */
public final class Screenshots {
  private Screenshots() {}

  public static Path take(Shell shell, String name) throws Exception {
    Display display = shell.getDisplay();
    shell.open();
    shell.forceActive();
    settle(display);
    Point size = shell.getSize();
    Image image = new Image(display, size.x, size.y);
    try {
      GC gc = new GC(shell);
      try {
        gc.copyArea(image, 0, 0);
      } finally {
        gc.dispose();
      }
      ImageLoader loader = new ImageLoader();
      loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      loader.save(file.toString(), SWT.IMAGE_PNG);
      return file;
    } finally {
      image.dispose();
    }
  }

  /** Runs the event loop until the window is painted. */
  public static void settle(Display display) throws InterruptedException {
    for (int round = 0; round < 20; round++) {
      while (display.readAndDispatch()) {
        // drain
      }
      Thread.sleep(25);
    }
  }
}
