/** What manager and hypervisor processes share: the cluster spec, admin client, durable files. */
package org.vmqsc.runtime.cluster;
