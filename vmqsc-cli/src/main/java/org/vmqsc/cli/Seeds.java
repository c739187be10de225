package org.vmqsc.cli;

/** How the commands name the seeds they ran. */
final class Seeds {
  private Seeds() {}

  static String describe(long first, int count) {
    return count == 1 ? "seed " + first
        : "seeds " + first + ".." + (first + count - 1) + " (" + count + " runs per protocol)";
  }
}
