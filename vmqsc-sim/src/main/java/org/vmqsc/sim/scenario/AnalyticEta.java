package org.vmqsc.sim.scenario;

import java.util.List;
import java.util.Locale;
import org.vmqsc.sim.scenario.Scenario.Flow;
import org.vmqsc.sim.scenario.Scenario.Group;

/**
 * The paper's analytic stable-logging share η (SPEC §6), in its general form: an MI_k VM writes
 * the receipts of k−1 of every k base intervals to stable storage (R6), an SI VM none, so
 * η = Σ_c R_c·(k_c−1)/k_c / Σ_c R_c, with R_c the total receive rate of group c. R8 messages
 * (sent before a boundary, received after it) are left out, as in the paper; they vanish as
 * delay → 0, so a simulated η above this value measures the delay's cost.
 *
 * @param eta the stably logged share of all receipts, 0 when there is no traffic
 * @param terms one term per group, in the scenario's group order
 */
public record AnalyticEta(double eta, List<Term> terms) {

  public AnalyticEta {
    terms = List.copyOf(terms);
  }

  /**
   * One group's share of the formula.
   *
   * @param receiveRate R_c: messages per second received by all VMs of the group together
   * @param stablyLoggedRate R_c·(k−1)/k: of those, the ones R6 writes to stable storage
   */
  public record Term(String group, int k, int count, double receiveRate, double stablyLoggedRate) {}

  public static AnalyticEta of(Scenario s) {
    List<Term> terms = s.groups().stream().map(g -> term(g, s.traffic())).toList();
    double received = terms.stream().mapToDouble(Term::receiveRate).sum();
    double logged = terms.stream().mapToDouble(Term::stablyLoggedRate).sum();
    return new AnalyticEta(received == 0 ? 0 : logged / received, terms);
  }

  // A flow's rate is per receiving VM (Scenario.Flow), hence the factor count.
  private static Term term(Group g, List<Flow> traffic) {
    double perVm = traffic.stream()
        .filter(f -> f.to().equals(g.name()))
        .mapToDouble(Flow::ratePerSecond)
        .sum();
    double receiveRate = perVm * g.count();
    return new Term(g.name(), g.k(), g.count(), receiveRate, receiveRate * (g.k() - 1) / g.k());
  }

  public double totalReceiveRate() {
    return terms.stream().mapToDouble(Term::receiveRate).sum();
  }

  public double totalStablyLoggedRate() {
    return terms.stream().mapToDouble(Term::stablyLoggedRate).sum();
  }

  /** A table of the terms and the result, for the CLI and reports. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("analytic eta (SPEC §6): stably logged share of all receipts, R8 messages excluded\n");
    out.append(String.format(Locale.ROOT, "%-16s %-5s %6s %18s %22s%n",
        "group", "type", "VMs", "R_c (msg/s)", "R_c*(k-1)/k (msg/s)"));
    for (Term t : terms) {
      out.append(String.format(Locale.ROOT, "%-16s %-5s %6d %18.3f %22.3f%n", t.group(),
          t.k() == 1 ? "SI" : "MI" + t.k(), t.count(), t.receiveRate(), t.stablyLoggedRate()));
    }
    out.append(String.format(Locale.ROOT, "%-16s %-5s %6s %18.3f %22.3f%n", "total", "", "",
        totalReceiveRate(), totalStablyLoggedRate()));
    out.append(String.format(Locale.ROOT, "eta = %.3f / %.3f = %.6f%n",
        totalStablyLoggedRate(), totalReceiveRate(), eta));
    return out.toString();
  }
}
