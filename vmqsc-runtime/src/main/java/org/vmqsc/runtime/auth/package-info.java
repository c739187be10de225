/**
 * Who may talk to a VM_QSC process: the members of one cluster, proven by a shared secret that
 * travels with every call ({@link org.vmqsc.runtime.auth.ClusterSecret},
 * {@link org.vmqsc.runtime.auth.SecretClientInterceptor},
 * {@link org.vmqsc.runtime.auth.SecretServerInterceptor}).
 *
 * <p>What this does not give: the secret is sent in clear over plaintext HTTP/2, so it protects
 * a cluster on loopback or on a trusted network segment only; and it proves membership, not
 * identity: any member can claim to be any host. Mutual TLS with a per-cluster CA would close
 * both gaps.
 */
package org.vmqsc.runtime.auth;
