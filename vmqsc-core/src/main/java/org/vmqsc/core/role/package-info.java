/**
 * What one process of a protocol runs: a {@link org.vmqsc.core.role.HostRole} per host
 * (the hypervisor's part) and one {@link org.vmqsc.core.role.ManagerRole}. They share no objects:
 * they talk only in immutable {@link org.vmqsc.core.role.Control} records, one-way
 * ({@link org.vmqsc.core.role.ToManager}, {@link org.vmqsc.core.role.ToHosts}) or as a recovery
 * phase's request and reply ({@link org.vmqsc.core.role.HostCalls}). Each protocol's
 * {@link org.vmqsc.core.role.ProtocolRoles} makes both. The simulator wires N host roles and one
 * manager role in memory ({@link org.vmqsc.core.role.RoleSystem}); the runtime puts each in its
 * own process and carries the records over gRPC. Either way the roles are the same code.
 */
package org.vmqsc.core.role;
