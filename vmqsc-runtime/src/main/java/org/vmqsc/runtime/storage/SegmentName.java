package org.vmqsc.runtime.storage;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one log segment, {@code logs/h<host>r<run>s<seq>.seg}: the host whose writer
 * appended it, that writer's run ({@link WriterRuns}) and its place in the run. Every name read
 * from the store goes through {@link #parse}, a strict whole-string pattern.
 */
record SegmentName(int host, long run, long seq) {
  static final String DIR = "logs";
  private static final Pattern NAME = Pattern.compile(
      "h([0-9]{1,9})r([0-9]{1,18})s([0-9]{1,18})\\.seg");

  /** Host, then run, then place: the order in which a host's writers appended. */
  static final Comparator<SegmentName> ORDER = Comparator.comparingInt(SegmentName::host)
      .thenComparingLong(SegmentName::run).thenComparingLong(SegmentName::seq);

  String fileName() {
    return "h" + host + "r" + run + "s" + seq + ".seg";
  }

  /** The segment's name in the store. */
  String objectName() {
    return DIR + "/" + fileName();
  }

  /** The segment a file name names, or null when it is not one. */
  static SegmentName parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    try {
      return new SegmentName(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
