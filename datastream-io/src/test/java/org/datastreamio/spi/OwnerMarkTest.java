package org.datastreamio.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Owner marks judged against real processes: a live one, one that ended, a reused pid. */
class OwnerMarkTest {
  private static final String HOST = OwnerMark.current().split("_")[2];

  @Test
  void aProcessThatEndedIsDeadAndALiveOneIsNot() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    String mark;
    try {
      long start = p.info().startInstant().orElseThrow().toEpochMilli();
      mark = "part-" + p.pid() + "_" + start + "_" + HOST + "-1.arrow";
      assertFalse(OwnerMark.ofDeadProcess(mark), "alive: " + mark);
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(OwnerMark.ofDeadProcess(mark), "ended: " + mark);
  }

  @Test
  void aReusedPidIsDeadAndThisProcessIsNot() {
    long pid = ProcessHandle.current().pid();
    assertFalse(OwnerMark.ofDeadProcess("x" + OwnerMark.current() + "y"));
    assertTrue(OwnerMark.ofDeadProcess(pid + "_12345_" + HOST), "same pid, other start time");
  }

  @Test
  void otherMachinesAndUnmarkedNamesAreNeverJudged() {
    assertFalse(OwnerMark.ofDeadProcess("999999999_12345_0badf00d".replace("0badf00d", other())));
    assertFalse(OwnerMark.ofDeadProcess("part-123.arrow"));
  }

  private static String other() {
    return HOST.equals("00000000") ? "11111111" : "00000000";
  }
}
