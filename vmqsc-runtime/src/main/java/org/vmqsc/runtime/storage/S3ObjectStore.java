package org.vmqsc.runtime.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in a bucket of an S3-compatible object store (AWS S3, MinIO, s3proxy, ...), under a
 * prefix: object {@code vm-3/ckpt_...item} is key {@code PREFIX/vm-3/ckpt_...item}.
 *
 * <ul>
 *   <li>Durable means acknowledged: {@link #putAll} returns once the store has answered 200 to
 *       every PUT, one after another in list order. A PUT is atomic by S3's contract (a key
 *       shows its old object or its complete new one), so no temp names are needed.
 *   <li>Integrity: the CRC32C is {@link ItemFile}'s frame, inside the object, checked on every
 *       read; the SDK's own transfer checksums are off (WHEN_REQUIRED). The frame covers the
 *       object end to end, from this process's encoder to the next reader, including rot in the
 *       store, which a transfer checksum does not; it makes an object the same bytes as the file
 *       store's file; and it needs no server support (aws-chunked trailers are not spoken by
 *       every S3-compatible server).
 *   <li>An object is built in memory for its PUT (its size is known, so the SDK sends it with a
 *       Content-Length and can replay it on a retry); a host's writer holds one at a time.
 *   <li>Path-style requests ({@code endpoint/bucket/key}), which S3-compatible servers need;
 *       bounded retries (3 attempts, the SDK's standard backoff) and timeouts (connect 5 s, read
 *       30 s, 2 min per call); beyond them a failure is an {@link IOException} and the host's
 *       writer retries the batch with its own backoff, holding later tickets (P5).
 * </ul>
 */
public final class S3ObjectStore implements ObjectStore {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  static final int MAX_ATTEMPTS = 3;
  /** Largest object held in memory for one PUT. */
  static final long MAX_OBJECT_BYTES = 1L << 30;

  private final S3Location location;
  private final S3Client s3;

  public S3ObjectStore(S3Location location) {
    this.location = location;
    this.s3 = client(location);
  }

  public S3Location location() {
    return location;
  }

  private static S3Client client(S3Location l) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT))
        .region(Region.of(l.region()))
        .credentialsProvider(credentials(l))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)
            .retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS)));
    if (l.endpoint() != null) {
      b.endpointOverride(l.endpoint());
    }
    return b.build();
  }

  private static AwsCredentialsProvider credentials(S3Location l) {
    if (l.accessKeyId() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(l.accessKeyId(),
        l.secretAccessKey()));
  }

  /**
   * Checks once that the endpoint answers and the bucket exists and may be listed, so that a
   * bad location is refused before any process starts; the message says which.
   */
  public void check() throws IOException {
    try {
      s3.listObjectsV2(r -> r.bucket(location.bucket()).prefix(key("")).maxKeys(1));
    } catch (NoSuchBucketException e) {
      throw new IOException("bucket '" + location.bucket() + "' does not exist at "
          + endpointName());
    } catch (S3Exception e) {
      throw new IOException(endpointName() + " refused to list " + location.uri() + ": "
          + e.statusCode() + " " + errorCode(e));
    } catch (SdkException e) {
      throw new IOException("cannot reach " + endpointName() + ": " + rootMessage(e));
    }
  }

  private String endpointName() {
    return location.endpoint() == null ? "AWS S3 (" + location.region() + ")"
        : location.endpoint().toString();
  }

  @Override
  public void putAll(List<Put> puts) throws IOException {
    for (Put p : puts) {
      byte[] bytes = materialize(p);
      try {
        s3.putObject(r -> r.bucket(location.bucket()).key(key(p.name()))
                .contentLength((long) bytes.length),
            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length,
                "application/octet-stream"));
      } catch (SdkException e) {
        throw new IOException("PUT " + where(p.name()) + " failed: " + rootMessage(e), e);
      }
    }
  }

  private byte[] materialize(Put p) throws IOException {
    long size = p.content().size();
    if (size > MAX_OBJECT_BYTES) {
      throw new IOException(where(p.name()) + ": " + size + " bytes, more than the "
          + MAX_OBJECT_BYTES + " an object may have here");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    p.content().writeTo(new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n > buf.remaining()) {
          throw new IOException("content of " + p.name() + " is longer than its size " + size);
        }
        buf.put(src);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    });
    if (buf.hasRemaining()) {
      throw new IOException("content of " + p.name() + " is shorter than its size " + size);
    }
    return buf.array();
  }

  @Override
  public Blob open(String name) throws IOException {
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(r -> r.bucket(location.bucket()).key(key(name)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(where(name));
    } catch (SdkException e) {
      throw new IOException("GET " + where(name) + " failed: " + rootMessage(e), e);
    }
    long size = in.response().contentLength();
    long[] read = {0};
    ReadableByteChannel ch = Channels.newChannel(counted(in, read));
    return Blob.of(size, ch, () -> {
      if (read[0] < size) {
        in.abort(); // a damaged object may be left unread: drop the connection, not drain it
      }
      in.close(); // read whole: the connection goes back to the pool
    });
  }

  /**
   * Counts what is read into {@code read[0]}; a dropped connection mid-body surfaces as an
   * IOException, as a failing disk's read would.
   */
  private static InputStream counted(InputStream in, long[] read) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          int n = super.read(b, off, len);
          if (n > 0) {
            read[0] += n;
          }
          return n;
        } catch (SdkException e) {
          throw new IOException(rootMessage(e), e);
        }
      }
    };
  }

  @Override
  public long size(String name) throws IOException {
    try {
      return s3.headObject(r -> r.bucket(location.bucket()).key(key(name))).contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return -1;
      }
      throw new IOException("HEAD " + where(name) + " failed: " + rootMessage(e), e);
    } catch (SdkException e) {
      throw new IOException("HEAD " + where(name) + " failed: " + rootMessage(e), e);
    }
  }

  /** One listing with delimiter {@code /}, page after page: objects and "sub-directories". */
  @Override
  public List<String> list(String dir) throws IOException {
    String p = key(dir);
    String prefix = p.isEmpty() ? "" : p + "/";
    List<String> names = new ArrayList<>();
    try {
      ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(location.bucket())
          .prefix(prefix).delimiter("/").build();
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req)) {
        for (S3Object o : page.contents()) {
          names.add(o.key().substring(prefix.length()));
        }
        for (CommonPrefix c : page.commonPrefixes()) {
          String sub = c.prefix().substring(prefix.length());
          names.add(sub.endsWith("/") ? sub.substring(0, sub.length() - 1) : sub);
        }
      }
    } catch (SdkException e) {
      throw new IOException("LIST " + where(dir) + " failed: " + rootMessage(e), e);
    }
    return names;
  }

  @Override
  public void delete(String name) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(location.bucket()).key(key(name)));
    } catch (NoSuchKeyException e) {
      // gone already
    } catch (SdkException e) {
      throw new IOException("DELETE " + where(name) + " failed: " + rootMessage(e), e);
    }
  }

  @Override
  public String where(String name) {
    String k = key(name);
    return "s3://" + location.bucket() + (k.isEmpty() ? "" : "/" + k);
  }

  /** The key of object {@code name}; {@code ""} (the root) is the prefix itself. */
  private String key(String name) {
    return location.prefix().isEmpty() ? name
        : name.isEmpty() ? location.prefix() : location.prefix() + "/" + name;
  }

  @Override
  public void close() {
    s3.close();
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
  }

  /** The innermost cause's message: the SDK's wrapping says little a user can act on. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t == e ? String.valueOf(m) : e.getClass().getSimpleName() + ": " + t.getClass()
        .getSimpleName() + (m == null ? "" : ": " + m);
  }
}
