package org.vmqsc.runtime.auth;

import io.grpc.Metadata;

/** The metadata entry that carries the cluster secret on every call. */
final class SecretHeader {
  static final Metadata.Key<String> KEY =
      Metadata.Key.of("vmqsc-cluster-secret", Metadata.ASCII_STRING_MARSHALLER);

  private SecretHeader() {}
}
