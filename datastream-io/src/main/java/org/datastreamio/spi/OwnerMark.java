package org.datastreamio.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Names files after the process that writes them, so that a later process can tell what a dead
 * writer left (a killed file write's staging folder, a killed server's spill files) from what a
 * live one is still writing. A mark is {@code <pid>_<start millis>_<host hash>}: the start time
 * tells a reused pid apart, the host keeps marks of other machines (a shared file system) from
 * being judged here at all.
 */
public final class OwnerMark {
  private static final Pattern MARK = Pattern.compile("(\\d+)_(\\d+)_([0-9a-f]{8})");
  private static final String HOST = hostHash();
  private static final String CURRENT =
      ProcessHandle.current().pid() + "_" + startMillis(ProcessHandle.current()) + "_" + HOST;

  private OwnerMark() {}

  /** This process's mark. */
  public static String current() {
    return CURRENT;
  }

  /**
   * Whether {@code name} carries the mark of a process of this machine that no longer runs. False
   * for names without a mark, for this process, for other machines' marks and for live processes.
   */
  public static boolean ofDeadProcess(String name) {
    Matcher m = MARK.matcher(name);
    if (!m.find() || !m.group(3).equals(HOST) || m.group().equals(CURRENT)) {
      return false;
    }
    long pid;
    long start;
    try {
      pid = Long.parseLong(m.group(1));
      start = Long.parseLong(m.group(2));
    } catch (NumberFormatException notAMark) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isEmpty()
        || !process.get().isAlive()
        || (startMillis(process.get()) != 0 && startMillis(process.get()) != start);
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static String hostHash() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown";
    }
    CRC32 crc = new CRC32();
    crc.update(host.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }
}
