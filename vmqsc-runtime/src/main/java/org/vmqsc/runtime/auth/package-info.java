/**
 * Who may talk to a VM_QSC process: the members of one cluster, proven twice. First by mutual
 * TLS: every process holds a key and a certificate from the cluster's own CA
 * ({@link org.vmqsc.runtime.auth.ClusterCa}, {@link org.vmqsc.runtime.auth.TlsIdentity}), and a
 * connection without one is closed in the handshake. Then by a shared secret that travels,
 * encrypted now, with every call ({@link org.vmqsc.runtime.auth.ClusterSecret},
 * {@link org.vmqsc.runtime.auth.SecretClientInterceptor},
 * {@link org.vmqsc.runtime.auth.SecretServerInterceptor}).
 *
 * <p>What this does not give: both prove membership, not identity: a certificate names its
 * process, but no listener checks which member calls (a host could call the manager's admin
 * methods). With {@code tls: false} the secret travels in clear, as it did before TLS.
 */
package org.vmqsc.runtime.auth;
