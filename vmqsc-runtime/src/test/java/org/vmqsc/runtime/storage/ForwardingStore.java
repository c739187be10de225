package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.util.List;

/** A store that hands every call to another; tests override the calls they watch or break. */
class ForwardingStore implements ObjectStore {
  private final ObjectStore inner;

  ForwardingStore(ObjectStore inner) {
    this.inner = inner;
  }

  @Override
  public void putAll(List<Put> puts) throws IOException {
    inner.putAll(puts);
  }

  @Override
  public Blob open(String name) throws IOException {
    return inner.open(name);
  }

  @Override
  public long size(String name) throws IOException {
    return inner.size(name);
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return inner.list(dir);
  }

  @Override
  public void delete(String name) throws IOException {
    inner.delete(name);
  }

  @Override
  public String where(String name) {
    return inner.where(name);
  }

  @Override
  public boolean canAppend() {
    return inner.canAppend();
  }

  @Override
  public Appendable createAppendable(String name) throws IOException {
    return inner.createAppendable(name);
  }

  @Override
  public void truncate(String name, long size) throws IOException {
    inner.truncate(name, size);
  }

  @Override
  public byte[] read(String name, long offset, int length) throws IOException {
    return inner.read(name, offset, length);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
