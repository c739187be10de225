package org.vmqsc.runtime.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.vmqsc.runtime.cluster.Durable;

/**
 * The manager's state as a Ratis state machine. Every log entry is a whole state (the text of
 * {@code ManagerStateFile}, a few KB at most): the latest committed one is the state, and a
 * snapshot is that text in one file, so the log before it can be dropped. The leader's manager
 * starts from {@link #state()} once Ratis says it is ready to lead, i.e. it has applied every
 * entry committed before its term ({@link #notifyLeaderReady()}).
 */
public final class ManagerStateMachine extends BaseStateMachine {
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Runnable leaderReady;
  /** The last state applied, or null before any. Guarded by this. */
  private String state;

  /** {@code leaderReady}: run (on a Ratis thread: it must not block) when this replica leads. */
  public ManagerStateMachine(Runnable leaderReady) {
    this.leaderReady = leaderReady;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId group, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, group, raftStorage);
    storage.init(raftStorage);
    load(storage.getLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** The last state applied on this replica, or null when none was ever saved. */
  public synchronized String state() {
    return state;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto e = trx.getLogEntry();
    String text = e.getStateMachineLogEntry().getLogData().toStringUtf8();
    synchronized (this) {
      state = text;
      updateLastAppliedTermIndex(e.getTerm(), e.getIndex());
    }
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /** Writes the state applied so far to the snapshot file named by its term and index. */
  @Override
  public long takeSnapshot() throws IOException {
    String text;
    TermIndex last;
    synchronized (this) {
      text = state;
      last = getLastAppliedTermIndex();
    }
    if (last == null || text == null) {
      return NO_SNAPSHOT;
    }
    Path file = storage.getSnapshotFile(last.getTerm(), last.getIndex()).toPath();
    Durable.write(file, text);
    org.apache.ratis.io.MD5Hash md5 =
        org.apache.ratis.util.MD5FileUtil.computeAndSaveMd5ForFile(file.toFile());
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, md5), last));
    return last.getIndex();
  }

  private static final long NO_SNAPSHOT = -1; // RaftLog.INVALID_LOG_INDEX

  private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    state = Files.readString(file, StandardCharsets.UTF_8);
    setLastAppliedTermIndex(snapshot.getTermIndex());
  }

  @Override
  public void notifyLeaderReady() {
    leaderReady.run();
  }
}
