/** The real runtime: durable stable storage, transport, manager and hypervisor processes. */
package org.vmqsc.runtime;
