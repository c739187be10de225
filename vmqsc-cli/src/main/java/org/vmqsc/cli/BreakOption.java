package org.vmqsc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vmqsc.core.config.Rules;
import org.vmqsc.sim.SimOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/**
 * The {@code --break RULE} option of {@code simulate} and {@code check}: a researcher's tool that
 * switches one of VM_QSC's rules off, to watch the oracle catch what the rule prevents. Never
 * for real use: a broken protocol loses or duplicates messages.
 */
final class BreakOption {
  /** Each name and what it switches off, in the order the help lists them. */
  private static final Map<String, UnaryOperator<Rules>> RULES = new LinkedHashMap<>();

  static {
    RULES.put("R3", Rules::withoutForcedCheckpoint);
    RULES.put("R6", Rules::withoutSelectiveLog);
    RULES.put("R7", Rules::withoutSenderCopies);
    RULES.put("R8", Rules::withoutBackwardLog);
    RULES.put("duplicate-suppression", Rules::withoutDuplicateSuppression);
    RULES.put("orphan-filter", Rules::withoutOrphanFilter);
    RULES.put("unacked-term", Rules::withoutUnackedTerm);
    RULES.put("pending-r8-term", Rules::withoutPendingR8Term);
  }

  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--break", paramLabel = "RULE",
      description = "For researchers: switch a VM_QSC rule off to see the oracle catch it "
          + "(repeatable): R3, R6, R7, R8, duplicate-suppression, orphan-filter, unacked-term, "
          + "pending-r8-term (the last two are the durable line's terms, D2).")
  List<String> names = new ArrayList<>();

  /** {@code options} with the named rules off; bad input (exit 2) for an unknown name or a
   * protocol other than VM_QSC. */
  SimOptions apply(SimOptions options) {
    if (names.isEmpty()) {
      return options;
    }
    if (!options.protocol().equals("vmqsc")) {
      throw new ParameterException(mixee.commandLine(), "--break: only VM_QSC's rules can be "
          + "switched off, not " + options.protocol() + "'s");
    }
    Rules rules = options.rules();
    for (String name : names) {
      rules = rule(name).apply(rules);
    }
    return options.withRules(rules);
  }

  private UnaryOperator<Rules> rule(String name) {
    for (Map.Entry<String, UnaryOperator<Rules>> e : RULES.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name.trim())) {
        return e.getValue();
      }
    }
    throw new ParameterException(mixee.commandLine(), "--break: unknown rule '" + name
        + "' (known: " + String.join(", ", RULES.keySet()) + ")");
  }

  /** The rules switched off as typed, comma-separated, or "none". */
  String describe() {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** " --break R3 --break R6" for "reproduce:" lines, or nothing. */
  String forShell() {
    StringBuilder b = new StringBuilder();
    names.forEach(n -> b.append(" --break ").append(n.trim())); // known names: no quoting
    return b.toString();
  }
}
