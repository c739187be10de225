package org.vmqsc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code vmqsc --version}: the project version and the git commit the jar was built from, as
 * the build wrote them into {@code version.properties} and {@code commit.properties}. A build outside a git checkout (or with no
 * git) leaves the commit unfilled, and it reads "unknown" rather than a placeholder.
 */
final class VersionProvider implements IVersionProvider {
  static final String UNKNOWN = "unknown";

  /** The version and commit, e.g. {@code 0.1.0-SNAPSHOT} and {@code 5a8ccfb1c2}. */
  record Build(String version, String commit, boolean dirty) {
    String line() {
      return "vmqsc " + version + " (commit " + commit + (dirty ? ", with local changes" : "")
          + ")";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {build().line(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
            + ")"};
  }

  static Build build() {
    Properties p = new Properties();
    // version.properties: the version, filtered by Maven; commit.properties: commit and dirty,
    // written by the build's git call (absent if that did not run).
    for (String name : new String[] {"version.properties", "commit.properties"}) {
      try (InputStream in = VersionProvider.class.getResourceAsStream(name)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a resource inside our own jar
      }
    }
    return from(p);
  }

  /** The build as a version file tells it. */
  static Build from(Properties p) {
    return new Build(filled(p.getProperty("version")), filled(p.getProperty("commit")),
        "true".equals(p.getProperty("dirty")));
  }

  /** A value Maven did not fill in is still "${...}": nothing known. */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
  }
}
