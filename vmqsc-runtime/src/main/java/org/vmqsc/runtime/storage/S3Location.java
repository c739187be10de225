package org.vmqsc.runtime.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an {@link S3ObjectStore} keeps its objects and how it reaches them: {@code
 * s3://bucket/prefix}, an endpoint (any S3-compatible server; null: AWS's own for the region), a
 * region, and credentials (null: the SDK's default chain). Immutable; {@link #resolve} fills what
 * the config leaves out from the standard AWS environment variables.
 *
 * @param bucket the bucket (S3's naming rules: 3-63 of a-z 0-9 . -)
 * @param prefix what every object name is put under ({@code ""}: the bucket's root); no leading
 *     or trailing slash
 * @param endpoint e.g. {@code http://127.0.0.1:9000}, or null
 * @param region e.g. {@code us-east-1}
 * @param accessKeyId with {@code secretAccessKey}; both null: the SDK's default chain
 */
public record S3Location(String bucket, String prefix, URI endpoint, String region,
    String accessKeyId, String secretAccessKey) {
  public static final String SCHEME = "s3";
  public static final String DEFAULT_REGION = "us-east-1";
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("'" + bucket + "' is not a bucket name (3-63 of a-z, "
          + "0-9, '.', '-')");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("prefix '" + prefix + "' must not start or end with /");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("give both an access key id and a secret access key, "
          + "or neither");
    }
    if (endpoint != null && !("http".equals(endpoint.getScheme())
        || "https".equals(endpoint.getScheme())) || endpoint != null
        && endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an http(s) URL");
    }
  }

  /**
   * The location of {@code uri} ({@code s3://bucket} or {@code s3://bucket/prefix}); whatever
   * {@code endpoint}, {@code region} and the keys leave null comes from {@code env}:
   * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION or AWS_DEFAULT_REGION (else us-east-1),
   * AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY. Fails with a one-line message.
   */
  public static S3Location resolve(String uri, String endpoint, String region,
      String accessKeyId, String secretAccessKey, Map<String, String> env) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + uri + "' is not a URI: " + e.getReason());
    }
    if (!SCHEME.equals(u.getScheme())) {
      throw new IllegalArgumentException("unknown storage scheme in '" + uri
          + "': use s3://bucket/prefix, or leave storage out for the cluster directory");
    }
    if (u.getAuthority() == null || u.getAuthority().isEmpty()) {
      throw new IllegalArgumentException("'" + uri + "' names no bucket: use s3://bucket/prefix");
    }
    if (u.getQuery() != null || u.getFragment() != null) {
      throw new IllegalArgumentException("'" + uri + "': no ?query or #fragment; give "
          + "s3Endpoint, s3Region and keys as their own keys");
    }
    String path = u.getPath() == null ? "" : u.getPath();
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    String ep = first(endpoint, env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
    String reg = first(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"),
        DEFAULT_REGION);
    String ak = accessKeyId;
    String sk = secretAccessKey;
    if (ak == null && sk == null) {
      ak = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
      sk = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    }
    URI epUri;
    try {
      epUri = ep == null ? null : new URI(ep);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint '" + ep + "' is not a URL: " + e.getReason());
    }
    return new S3Location(u.getAuthority(), prefix, epUri, reg, ak, sk);
  }

  /** The URI it was made from, without credentials: for messages and status. */
  public String uri() {
    return SCHEME + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  @Override
  public String toString() {
    return uri() + (endpoint == null ? "" : " at " + endpoint) + " (" + region + ")";
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
