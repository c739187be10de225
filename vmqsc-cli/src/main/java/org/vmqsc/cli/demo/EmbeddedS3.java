package org.vmqsc.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The S3 server {@code vmqsc demo --storage s3} starts for itself: s3proxy in the demo's own
 * process over an in-memory blob store, on 127.0.0.1 and a free port, with one bucket and keys
 * made for this run (written to a file only the user can read, which cluster.yaml names). It
 * lives as long as the demo; the cluster's processes reach it over loopback like any S3 server.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String BUCKET = "vmqsc-demo";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final Path keys;

  private EmbeddedS3(BlobStoreContext context, S3Proxy proxy, URI endpoint, Path keys) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.keys = keys;
  }

  /** Starts the server with the demo's bucket and writes its keys file. */
  public static EmbeddedS3 start() throws Exception {
    SecureRandom random = new SecureRandom();
    String id = "vmqsc" + HexFormat.of().formatHex(random.generateSeed(6));
    String secret = HexFormat.of().formatHex(random.generateSeed(20));
    Path keys = Files.createTempFile("vmqsc-demo-s3-", ".keys",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keys, "accessKeyId=" + id + "\nsecretAccessKey=" + secret + "\n");
    BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials(id, secret)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, id, secret).build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the embedded S3 server did not start: " + proxy.getState());
        }
        Thread.sleep(5);
      }
      context.getBlobStore().createContainerInLocation(null, BUCKET);
    } catch (Exception e) {
      proxy.stop();
      context.close();
      Files.deleteIfExists(keys);
      throw e;
    }
    return new EmbeddedS3(context, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()),
        keys);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The keys file ({@code accessKeyId=}, {@code secretAccessKey=}), for cluster up. */
  public Path keys() {
    return keys;
  }

  /** How many objects the bucket holds under {@code prefix}: what the cluster really stored. */
  public long objects(String prefix) {
    long n = 0;
    String marker = null;
    do {
      org.jclouds.blobstore.options.ListContainerOptions o =
          org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix(prefix + "/")
              .recursive();
      if (marker != null) {
        o = o.afterMarker(marker);
      }
      org.jclouds.blobstore.domain.PageSet<? extends org.jclouds.blobstore.domain.StorageMetadata>
          page = context.getBlobStore().list(BUCKET, o);
      n += page.size();
      marker = page.getNextMarker();
    } while (marker != null);
    return n;
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
      Files.deleteIfExists(keys);
    }
  }
}
