package org.vmqsc.report.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;

/**
 * A space-time diagram of a real simulated run, as drawn on whiteboards and in the paper's
 * Figures 2 and 3: one time line per VM, messages as arrows, checkpoints, the manager's lines,
 * failures and recoveries.
 */
public final class SpaceTimeDiagram {
  /** What was drawn, for the command's summary line. */
  public record Result(Path out, TraceFormat format, int width, int height, int vms,
      long messages, long r6, long r8, long otherStable, long crossHost, long basic, long forced,
      long stretchMillis, double gain, SimResult run) {}

  private SpaceTimeDiagram() {}

  /** Runs the scenario, records it and draws the window into {@code out} (.svg or .png). */
  public static Result draw(TraceRequest req, Path out) throws IOException {
    TraceFormat format = TraceFormat.of(out);
    req.validate();
    Scenario s = req.scenario();
    TraceTopology topo = TraceTopology.of(s);
    List<Integer> vms = req.shownVms();
    TraceRecorder recorder = new TraceRecorder(topo, s.basePeriodMillis(), new HashSet<>(vms),
        req.fromMillis(), req.toMillis());
    SimOptions options = SimOptions.defaults().withOracle(false).withProtocol(req.protocol())
        .withListener(recorder);
    SimResult result = Simulator.run(s, options);
    Trace trace = recorder.trace();
    long stretch = req.stretchMillis() != null ? req.stretchMillis()
        : Stretch.auto(trace, req.fromMillis(), req.toMillis());
    TraceLayout layout = TraceLayout.of(trace, vms, req.fromMillis(), req.toMillis(),
        req.width(), req.height(), stretch);
    Counts c = Counts.of(trace, layout);
    String title = s.name() + " \u00b7 " + result.run().protocol() + " \u00b7 seed " + s.seed()
        + " \u00b7 " + FramePainter.millis(req.fromMillis()) + " \u2013 "
        + FramePainter.millis(req.toMillis());
    String subtitle = subtitle(s, layout, c);
    format.write(out, layout.width, layout.height,
        g -> TracePainter.paint(g, trace, layout, title, subtitle));
    return new Result(out, format, layout.width, layout.height, vms.size(), c.messages, c.r6,
        c.r8, c.other, c.crossHost, c.basic, c.forced, layout.axis.radiusMillis(),
        layout.axis.gain(), result);
  }

  private static String subtitle(Scenario s, TraceLayout layout, Counts c) {
    String text = String.format(Locale.ROOT,
        "T\u2080 = %s \u00b7 %d of %d VMs on %d hosts \u00b7 %d messages (R6 %d, R8 %d, %s"
            + "cross-host %d) \u00b7 checkpoints %d basic, %d forced",
        FramePainter.millis(s.basePeriodMillis()), layout.vms().size(), s.vmCount(), s.hosts(),
        c.messages, c.r6, c.r8, c.other > 0 ? "baseline records " + c.other + ", " : "",
        c.crossHost, c.basic, c.forced);
    if (layout.axis.radiusMillis() > 0) {
      text += String.format(Locale.ROOT, " \u00b7 time within \u00b1%s of each kT\u2080 "
          + "drawn %.0f\u00d7 wider", FramePainter.millis(layout.axis.radiusMillis()),
          layout.axis.gain());
    }
    return text;
  }

  /** What the window shows. */
  private record Counts(long messages, long r6, long r8, long other, long crossHost, long basic,
      long forced) {
    static Counts of(Trace t, TraceLayout layout) {
      long messages = 0;
      long r6 = 0;
      long r8 = 0;
      long other = 0;
      long cross = 0;
      for (Arrow a : t.arrows()) {
        if (layout.inWindow(a.deliverMillis()) || layout.inWindow(a.sendMillis())) {
          messages++;
          r6 += a.stable() == Trace.Stable.R6 ? 1 : 0;
          r8 += a.stable() == Trace.Stable.R8 ? 1 : 0;
          other += a.stable() == Trace.Stable.OTHER ? 1 : 0;
          cross += a.crossHost() ? 1 : 0;
        }
      }
      long basic = 0;
      long forced = 0;
      for (Trace.Checkpoint c : t.checkpoints()) {
        if (layout.inWindow(c.millis())) {
          basic += c.forced() ? 0 : 1;
          forced += c.forced() ? 1 : 0;
        }
      }
      return new Counts(messages, r6, r8, other, cross, basic, forced);
    }
  }
}
