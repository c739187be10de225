/**
 * Stable storage for the real runtime: {@link org.vmqsc.runtime.storage.FileStableStorage}
 * implements the core's {@code StableStorage} over one directory (a local disk, or a mount such
 * as NFS shared by every host). Items are encoded by {@link
 * org.vmqsc.runtime.storage.ItemCodec}, framed and checksummed (CRC32C) one file each by {@code
 * ItemFile}, named by {@link org.vmqsc.runtime.storage.ItemName}, and written by one lazy
 * writer per host (R10). Damaged files are reported and never used; reclamation never deletes a
 * VM's last good checkpoint. {@code StorageBench} in vmqsc-bench measures the disk.
 */
package org.vmqsc.runtime.storage;
