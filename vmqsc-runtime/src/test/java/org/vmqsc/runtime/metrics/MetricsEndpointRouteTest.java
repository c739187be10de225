package org.vmqsc.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A page routed beside /metrics (the manager's dashboard) is read-only, says 404 for a path it
 * does not name and 503 with the reason when its body cannot be made, and leaves /metrics as it
 * was.
 */
class MetricsEndpointRouteTest {
  @Test
  void aRoutedPageAnswersGetOnlyAndSaysWhyWhenItCannot() throws Exception {
    try (MetricsEndpoint e = MetricsEndpoint.start("127.0.0.1", 0,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> null, "test")) {
      e.route("/page", "text/plain; charset=utf-8",
          p -> p.equals("/page") ? "hello".getBytes(StandardCharsets.UTF_8) : null);
      e.route("/broken", "text/plain", p -> {
        throw new IllegalStateException("the loop did not answer");
      });
      int port = e.port();

      HttpResponse<String> ok = Exposition.get(port, "/page");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("hello");
      assertThat(Exposition.get(port, "/page/deeper").statusCode()).isEqualTo(404);
      HttpResponse<String> broken = Exposition.get(port, "/broken");
      assertThat(broken.statusCode()).isEqualTo(503);
      assertThat(broken.body()).contains("the loop did not answer");
      HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/page")).POST(HttpRequest.BodyPublishers
          .ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(Exposition.get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(Exposition.get(port, "/metrics").statusCode()).isEqualTo(200);
    }
  }
}
