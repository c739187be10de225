package org.vmqsc.runtime.storage;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy in this JVM over jclouds' transient (in-memory) blob store,
 * listening on 127.0.0.1 on a free port, with signature-checked credentials. Closed after the
 * tests. {@link #raw} is a plain SDK client, for a test that plays the part of rot or of an
 * operator: it bypasses {@link S3ObjectStore}.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "vmqsc-test";
  public static final String SECRET_KEY = "vmqsc-test-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final URI endpoint;
  private final S3Client raw;

  public S3TestServer() throws Exception {
    Properties p = new Properties();
    context = ContextBuilder.newBuilder("transient").credentials("x", "y").overrides(p)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    raw = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
        // s3proxy 2.6.0 answers 501 to the SDK's default flexible checksums (x-amz-checksum-*)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ACCESS_KEY, SECRET_KEY))).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client raw() {
    return raw;
  }

  /** A new empty bucket and the location of {@code prefix} in it. */
  public S3Location bucket(String bucket, String prefix) {
    raw.createBucket(r -> r.bucket(bucket));
    return S3Location.resolve("s3://" + bucket + "/" + prefix, endpoint.toString(), null,
        ACCESS_KEY, SECRET_KEY, Map.of());
  }

  @Override
  public void close() throws Exception {
    raw.close();
    proxy.stop();
    context.close();
  }
}
