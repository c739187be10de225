/**
 * Stable storage for the real runtime: {@link org.vmqsc.runtime.storage.FileStableStorage}
 * implements the core's {@code StableStorage} over an {@link
 * org.vmqsc.runtime.storage.ObjectStore}: one directory ({@link
 * org.vmqsc.runtime.storage.FileObjectStore}, a local disk or a mount such as NFS shared by every
 * host; the default) or a bucket of an S3-compatible object store ({@link
 * org.vmqsc.runtime.storage.S3ObjectStore}). Items are encoded by {@link
 * org.vmqsc.runtime.storage.ItemCodec}, framed and checksummed (CRC32C) one object each by {@code
 * ItemFile}, named by {@link org.vmqsc.runtime.storage.ItemName}, and written by one lazy
 * writer per host (R10). Damaged objects are reported and never used; reclamation never deletes
 * a VM's last good checkpoint. {@code StorageBench} and {@code ObjectStoreBench} in vmqsc-bench
 * measure them.
 */
package org.vmqsc.runtime.storage;
