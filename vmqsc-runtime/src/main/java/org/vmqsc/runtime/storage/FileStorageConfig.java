package org.vmqsc.runtime.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link FileStableStorage}; immutable, built and checked by {@link Builder}.
 *
 * @param dir the storage directory, shared by every host (a local disk, or NFS across machines)
 * @param lazyDelayMillis how long a staged checkpoint waits before its write starts (R10); logs
 *     are eligible at once but queue behind earlier items of their host (tickets complete in order)
 * @param padCheckpoints write each checkpoint as large as its {@code bytes()} (the VM's memory
 *     image), so that writes cost what they cost for a VM
 * @param padLogs likewise for log records (their {@code bytes()} counts message bodies)
 * @param retryBackoffMillis first pause after a failed write; it doubles up to
 *     {@code maxRetryBackoffMillis}. A write is retried until it succeeds: later tickets of the
 *     host must not complete before it
 */
public record FileStorageConfig(Path dir, long lazyDelayMillis, boolean padCheckpoints,
    boolean padLogs, long retryBackoffMillis, long maxRetryBackoffMillis) {
  public static final long DEFAULT_LAZY_DELAY_MILLIS = 1000;
  public static final boolean DEFAULT_PAD_CHECKPOINTS = true;
  public static final boolean DEFAULT_PAD_LOGS = false;
  public static final long DEFAULT_RETRY_BACKOFF_MILLIS = 50;
  public static final long DEFAULT_MAX_RETRY_BACKOFF_MILLIS = 5000;

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  public static final class Builder {
    private final Path dir;
    private long lazyDelayMillis = DEFAULT_LAZY_DELAY_MILLIS;
    private boolean padCheckpoints = DEFAULT_PAD_CHECKPOINTS;
    private boolean padLogs = DEFAULT_PAD_LOGS;
    private long retryBackoffMillis = DEFAULT_RETRY_BACKOFF_MILLIS;
    private long maxRetryBackoffMillis = DEFAULT_MAX_RETRY_BACKOFF_MILLIS;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Builder lazyDelayMillis(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("lazyDelayMillis must be >= 0, got " + v);
      }
      lazyDelayMillis = v;
      return this;
    }

    public Builder padCheckpoints(boolean v) {
      padCheckpoints = v;
      return this;
    }

    public Builder padLogs(boolean v) {
      padLogs = v;
      return this;
    }

    public Builder retryBackoffMillis(long v) {
      if (v <= 0) {
        throw new IllegalArgumentException("retryBackoffMillis must be > 0, got " + v);
      }
      retryBackoffMillis = v;
      return this;
    }

    public Builder maxRetryBackoffMillis(long v) {
      if (v <= 0) {
        throw new IllegalArgumentException("maxRetryBackoffMillis must be > 0, got " + v);
      }
      maxRetryBackoffMillis = v;
      return this;
    }

    public FileStorageConfig build() {
      if (maxRetryBackoffMillis < retryBackoffMillis) {
        throw new IllegalArgumentException("maxRetryBackoffMillis (" + maxRetryBackoffMillis
            + ") must be >= retryBackoffMillis (" + retryBackoffMillis + ")");
      }
      return new FileStorageConfig(dir, lazyDelayMillis, padCheckpoints, padLogs,
          retryBackoffMillis, maxRetryBackoffMillis);
    }
  }
}
