package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {
  @TempDir Path dir;

  @Test
  void drawsThePaperFigureAsPng() throws IOException {
    Path out = dir.resolve("fig.png");
    CliRun run = CliRun.of("trace", "--scenario", "paper-fig2", "--from", "0s", "--to", "45s",
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("wrote " + out + " (png, 1400x")
        .contains("4 VMs", "1 forced");
    BufferedImage image = ImageIO.read(out.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
  }

  @Test
  void drawsSvgWithASubsetOfVmsAndAFixedSize() throws IOException {
    Path out = dir.resolve("fig.svg");
    CliRun run = CliRun.of("trace", "--scenario", "paper-fig2", "--seed", "3", "--from", "280s",
        "--to", "330s", "--vms", "2-3", "--width", "900", "--height", "500", "--stretch", "0",
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(svg, 900x500)", "2 VMs").doesNotContain("wider");
    String svg = Files.readString(out);
    assertThat(svg).containsPattern("id=.vm-row-2.").containsPattern("id=.vm-row-3.")
        .contains("paper-fig2 \u00b7 vmqsc \u00b7 seed 3").doesNotContainPattern("id=.vm-row-0.");
  }

  @Test
  void unknownExtension() {
    assertBadInput(trace("--from", "0s", "--to", "35s", "--out", dir.resolve("f.jpg").toString()),
        "'.jpg'", ".svg or .png");
  }

  @Test
  void fromNotBeforeTo() {
    assertBadInput(trace("--from", "35s", "--to", "10s", "--out", png()), "--from 35s",
        "before --to 10s");
  }

  @Test
  void windowOutsideTheRun() {
    assertBadInput(trace("--from", "700s", "--to", "710s", "--out", png()), "outside the run",
        "600s");
  }

  @Test
  void tooManyVms() throws IOException {
    Path big = Files.writeString(dir.resolve("big.yaml"), """
        basePeriod: 10s
        duration: 100s
        hosts: 2
        groups:
          - {name: a, count: 41, type: SI}
        """);
    assertBadInput(CliRun.of("trace", "--scenario", big.toString(), "--from", "0s", "--to", "30s",
        "--out", png()), "too many VMs to draw: 41", "--vms");
  }

  @Test
  void aChosenSubsetOfABigScenarioIsFine() throws IOException {
    Path big = Files.writeString(dir.resolve("big.yaml"), """
        basePeriod: 10s
        duration: 40s
        hosts: 2
        groups:
          - {name: a, count: 41, type: SI}
        traffic:
          - {from: a, to: a, rate: 5}
        """);
    CliRun run = CliRun.of("trace", "--scenario", big.toString(), "--from", "0s", "--to", "30s",
        "--vms", "0-2,40", "--out", png());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("4 VMs");
  }

  @Test
  void noSuchVm() {
    assertBadInput(trace("--from", "0s", "--to", "35s", "--vms", "2,9", "--out", png()),
        "--vms", "VM9", "VM0..VM3");
  }

  @Test
  void timeWithoutUnit() {
    assertBadInput(trace("--from", "0s", "--to", "35", "--out", png()), "--to", "'35'");
  }

  @Test
  void unknownProtocol() {
    assertBadInput(trace("--from", "0s", "--to", "35s", "--protocol", "nope", "--out", png()),
        "--protocol", "nope");
  }

  @Test
  void missingDirectory() {
    assertBadInput(trace("--from", "0s", "--to", "35s", "--out",
        dir.resolve("no/such/dir/f.png").toString()), "does not exist");
  }

  private String png() {
    return dir.resolve("f.png").toString();
  }

  private static CliRun trace(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "trace";
    all[1] = "--scenario";
    all[2] = "paper-fig2";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.of(all);
  }

  private static void assertBadInput(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("vmqsc: ").contains(mentions);
  }
}
