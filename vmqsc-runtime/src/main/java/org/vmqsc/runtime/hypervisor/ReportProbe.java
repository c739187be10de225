package org.vmqsc.runtime.hypervisor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hypervisors of this JVM sent the manager as their per-period reports: reports,
 * frames (the report's own frame and the {@code AckPart} frames that went ahead of it), their
 * serialized bytes, and the ack ids they carried (one per message before the ack ranges, one
 * per channel range after). Counted where the frames are built ({@link ManagerSession}), for
 * the benchmark of report sizes ({@code ReportSizeBench}); nothing in the runtime reads it.
 * Global to the JVM: a bench with several in-process hosts reads the sum.
 */
public final class ReportProbe {
  private static final AtomicLong REPORTS = new AtomicLong();
  private static final AtomicLong FRAMES = new AtomicLong();
  private static final AtomicLong BYTES = new AtomicLong();
  private static final AtomicLong ACK_IDS = new AtomicLong();

  private ReportProbe() {}

  static void sent(long frames, long bytes, long ackIds) {
    REPORTS.incrementAndGet();
    FRAMES.addAndGet(frames);
    BYTES.addAndGet(bytes);
    ACK_IDS.addAndGet(ackIds);
  }

  /** Reports, frames, serialized bytes and ack ids sent so far, in that order. */
  public static long[] totals() {
    return new long[] {REPORTS.get(), FRAMES.get(), BYTES.get(), ACK_IDS.get()};
  }
}
