/**
 * Stable storage for the real runtime: {@link org.vmqsc.runtime.storage.FileStableStorage}
 * implements the core's {@code StableStorage} over an {@link
 * org.vmqsc.runtime.storage.ObjectStore}: one directory ({@link
 * org.vmqsc.runtime.storage.FileObjectStore}, a local disk or a mount such as NFS shared by every
 * host; the default) or a bucket of an S3-compatible object store ({@link
 * org.vmqsc.runtime.storage.S3ObjectStore}). Items are encoded by {@link
 * org.vmqsc.runtime.storage.ItemCodec} and written by one lazy writer per host (R10): checkpoints
 * framed and checksummed (CRC32C) one object each by {@code ItemFile} and named by {@link
 * org.vmqsc.runtime.storage.ItemName}; log records appended to per-host segments, one sync per
 * batch ({@code SegmentLog}, {@code SegmentRecord}, read by {@code SegmentIndex}). Damaged objects are reported and never used; reclamation never deletes
 * a VM's last good checkpoint. {@code StorageBench} and {@code ObjectStoreBench} in vmqsc-bench
 * measure them.
 */
package org.vmqsc.runtime.storage;
