package org.vmqsc.report;

import java.util.Arrays;

/**
 * Mean of a sample and the half-width of its 95% confidence interval, by Student's t with n−1
 * degrees of freedom: the runs of one protocol differ only by seed, so they are independent
 * draws of the same quantity. One value has no spread to estimate from: its half-width is 0.
 *
 * @param n the sample size
 * @param ci95 half-width: the interval is mean ± ci95
 */
public record Stats(int n, double mean, double ci95, double sum) {
  /** t(0.975, df) for df = 1..30, to six decimals; beyond, the Cornish-Fisher expansion. */
  private static final double[] T975 = {
      12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
      2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
      2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
      2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272};
  private static final double Z975 = 1.959963984540054;

  public static Stats of(double... sample) {
    int n = sample.length;
    if (n == 0) {
      throw new IllegalArgumentException("empty sample");
    }
    double sum = 0;
    for (double x : sample) {
      sum += x;
    }
    double mean = sum / n;
    if (Arrays.stream(sample).allMatch(x -> x == sample[0])) {
      // Exactly, not up to rounding: "± 0.000" would suggest a spread that is not there.
      return new Stats(n, sample[0], 0, sum);
    }
    double squares = 0;
    for (double x : sample) {
      squares += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new Stats(n, mean, t975(n - 1) * sd / Math.sqrt(n), sum);
  }

  /** The 97.5% quantile of Student's t with {@code df} degrees of freedom. */
  static double t975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("df must be >= 1, got " + df);
    }
    if (df <= T975.length) {
      return T975[df - 1];
    }
    // Cornish-Fisher to 1/df^4: within 1e-7 of the exact quantile from df = 31 on.
    double z = Z975;
    double v = df;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    double z9 = z7 * z * z;
    return z + (z3 + z) / (4 * v)
        + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
  }
}
