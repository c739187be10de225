package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.cli.demo.EmbeddedS3;
import org.vmqsc.runtime.storage.S3Location;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/**
 * {@code --storage}, {@code --s3-endpoint} and {@code --s3-credentials} of the commands that
 * bring a cluster up for themselves and take it down again ({@code demo}, {@code chaos}): where
 * stable storage lives, turned into {@code cluster up}'s own options. {@code s3} without an
 * endpoint starts an S3 server in this process ({@link EmbeddedS3}), which lives until {@link
 * #close}: the command closes it after its cluster's processes are gone, since they write to it
 * until they stop.
 */
final class StorageOption implements AutoCloseable {
  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--storage", paramLabel = "WHERE", defaultValue = "dir",
      description = "Where stable storage lives: dir (the cluster directory, default); s3 (bucket "
          + EmbeddedS3.BUCKET + " of an S3 server started in this process, s3proxy on "
          + "127.0.0.1, or of --s3-endpoint's); or s3://bucket/prefix (on --s3-endpoint's server "
          + "or AWS_ENDPOINT_URL's, keys from --s3-credentials or AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY).")
  String storage;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "An S3 server to use instead of starting one (with --storage s3 or s3://).")
  String s3Endpoint;

  @Option(names = "--s3-credentials", paramLabel = "FILE",
      description = "A file of accessKeyId=... and secretAccessKey=... lines for the server of "
          + "--s3-endpoint.")
  Path s3Credentials;

  private EmbeddedS3 embedded;

  /** Refuses a --storage that is none of dir, s3 or s3://..., and options that go nowhere. */
  void check() {
    boolean known = storage.equals("dir") || storage.equals("s3")
        || storage.startsWith(S3Location.SCHEME + "://");
    if (!known) {
      throw bad("--storage: '" + storage + "' is none of dir, s3, s3://bucket/prefix");
    }
    if (storage.equals("dir") && (s3Endpoint != null || s3Credentials != null)) {
      throw bad((s3Endpoint != null ? "--s3-endpoint" : "--s3-credentials")
          + " needs --storage s3 or s3://bucket/prefix");
    }
    if (storage.equals("s3") && s3Endpoint == null && s3Credentials != null) {
      throw bad("--s3-credentials needs --s3-endpoint (the S3 server started here makes its "
          + "own keys)");
    }
  }

  boolean isDir() {
    return storage.equals("dir");
  }

  /**
   * What {@code cluster up} is told about storage for the cluster in {@code clusterDir}. {@code
   * s3} without an endpoint starts the server here; its prefix is the cluster directory's name,
   * so runs never share objects.
   */
  List<String> clusterUpArgs(Path clusterDir) throws Exception {
    if (isDir()) {
      return List.of();
    }
    String uri = storage.equals("s3") ? S3Location.SCHEME + "://" + EmbeddedS3.BUCKET + "/"
        + clusterDir.getFileName() : storage;
    List<String> a = new ArrayList<>(List.of("--storage", uri));
    if (s3Endpoint != null) {
      a.addAll(List.of("--s3-endpoint", s3Endpoint));
      if (s3Credentials != null) {
        a.addAll(List.of("--s3-credentials", s3Credentials.toAbsolutePath().toString()));
      }
    } else if (storage.equals("s3")) {
      embedded = EmbeddedS3.start();
      a.addAll(List.of("--s3-endpoint", embedded.endpoint().toString(), "--s3-credentials",
          embedded.keys().toString()));
    } else if (s3Credentials != null) {
      a.addAll(List.of("--s3-credentials", s3Credentials.toAbsolutePath().toString()));
    }
    return a;
  }

  /** The server started in this process, or null (dir, or another server). */
  EmbeddedS3 embedded() {
    return embedded;
  }

  /** The options as typed, for a "replay:" line ({@code ""} for dir). */
  String forShell() {
    StringBuilder b = new StringBuilder();
    if (!isDir()) {
      b.append(" --storage ").append(storage);
    }
    if (s3Endpoint != null) {
      b.append(" --s3-endpoint ").append(s3Endpoint);
    }
    if (s3Credentials != null) {
      b.append(" --s3-credentials ").append(s3Credentials);
    }
    return b.toString();
  }

  /** Stops the server started here, if any; its keys file goes with it. */
  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
