/**
 * Per-channel receive state of one VM: the highest sequence number delivered from each sender,
 * and messages held back behind a gap (SPEC §5, duplicate suppression). Every protocol's host
 * uses it, so the rule is written once. Its own package because {@code spi.VmImage} holds the
 * counters' snapshot and must not depend on {@code protocol}; it depends on {@code model} only.
 */
package org.vmqsc.core.channel;
