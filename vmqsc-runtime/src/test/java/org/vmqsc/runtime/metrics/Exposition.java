package org.vmqsc.runtime.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus text exposition as a test reads it: each family's type (from its {@code # TYPE}
 * line) and each sample's value by its full name with labels, e.g. {@code
 * vmqsc_checkpoints_total{host="0",kind="basic"}}. Also the HTTP GET that fetches one, and
 * Prometheus's own validator, {@code promtool check metrics}.
 */
public final class Exposition {
  public final String text;
  /** Family name to type (counter, gauge, histogram, summary). */
  public final Map<String, String> types = new LinkedHashMap<>();
  public final Map<String, Double> samples = new LinkedHashMap<>();

  public Exposition(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] f = line.split(" ");
        types.put(f[2], f[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
  }

  /** The value of the sample named exactly so, or a failure naming what is there. */
  public double value(String sample) {
    Double v = samples.get(sample);
    if (v == null) {
      throw new AssertionError("no sample " + sample + " in:\n" + text);
    }
    return v;
  }

  /** The sum of every sample of {@code family} whose labels contain {@code labels}. */
  public double sum(String family, String labels) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().equals(family) || e.getKey().startsWith(family + "{"))
        .filter(e -> e.getKey().contains(labels)).mapToDouble(Map.Entry::getValue).sum();
  }

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** GET http://127.0.0.1:PORT/PATH: the status and body. */
  public static HttpResponse<String> get(int port, String path) throws IOException,
      InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public static Exposition scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = get(port, "/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /metrics on port " + port + ": " + r.statusCode());
    }
    return new Exposition(r.body());
  }

  /** Where promtool is, or null when it is not installed (CI installs it: .ci/run). */
  public static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** {@code promtool check metrics} over this text: its complaints, or "" when it passes. */
  public String promtoolProblems(Path promtool) throws IOException, InterruptedException {
    Path in = Files.createTempFile("vmqsc-scrape", ".prom");
    try {
      Files.writeString(in, text);
      Process p = new ProcessBuilder(List.of(promtool.toString(), "check", "metrics"))
          .redirectInput(in.toFile()).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "promtool did not finish in 30 s";
      }
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    } finally {
      Files.deleteIfExists(in);
    }
  }
}
