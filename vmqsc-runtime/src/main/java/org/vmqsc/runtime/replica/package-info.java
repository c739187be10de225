/**
 * The replicated manager (docs/runtime.md "Replicated manager"): the manager's durable state as
 * the state machine of an Apache Ratis group, the replica process that runs a manager while it
 * leads, and the term fencing that keeps a former leader from driving hosts.
 */
package org.vmqsc.runtime.replica;
