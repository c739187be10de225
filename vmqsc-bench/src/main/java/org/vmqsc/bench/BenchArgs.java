package org.vmqsc.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bench's command line: positional arguments, as the benches have always taken them, with
 * {@code --name VALUE} options anywhere among them (so {@code --csv FILE} can be added to a bench
 * whose positional arguments are fixed by the commands already in BENCHMARKS.md).
 */
public final class BenchArgs {
  private final List<String> positional;
  private final Map<String, String> options;

  private BenchArgs(List<String> positional, Map<String, String> options) {
    this.positional = positional;
    this.options = options;
  }

  /** IllegalArgumentException, one line, for an unknown option or one without its value. */
  public static BenchArgs parse(String[] args, Set<String> known) {
    List<String> pos = new ArrayList<>();
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        pos.add(args[i]);
      } else if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i] + " (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      } else {
        opts.put(args[i], args[++i]);
      }
    }
    return new BenchArgs(pos, opts);
  }

  /** The positional arguments with the options taken out. */
  public String[] positional() {
    return positional.toArray(String[]::new);
  }

  /** The option's value, or null when it was not given. */
  public String option(String name) {
    return options.get(name);
  }

  /** The option as a number of {@code long}s, or {@code dflt}; one-line error when not one. */
  public long longOption(String name, long dflt) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " " + v + ": not a positive whole number");
    }
  }
}
