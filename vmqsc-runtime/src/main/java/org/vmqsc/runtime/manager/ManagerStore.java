package org.vmqsc.runtime.manager;

import java.io.IOException;

/**
 * Where the manager keeps its durable state ({@link ManagerStateFile}'s text): a file for one
 * manager process ({@link FileManagerStore}, the default), the Ratis group's replicated state
 * machine when the manager is replicated ({@code replica.RatisManagerStore}). A save returns once
 * the state is durable (on disk, or committed by a majority of replicas), and only then may the
 * manager tell anyone what that state decided.
 */
public interface ManagerStore extends AutoCloseable {
  /** The last state saved, or null when none ever was (a new cluster). */
  String load() throws IOException;

  /** Makes {@code text} the durable state; throws when it could not (the event stops there). */
  void save(String text) throws IOException;

  /** Where the state lives, for messages ("dir/manager.state", "the Ratis group ..."). */
  String where();

  @Override
  default void close() {}

  /**
   * The state could not be kept because this store's manager may no longer act (a replica that
   * lost its leadership, or could not reach a majority in time): unlike a full disk, waiting does
   * not mend it, and the manager stops.
   */
  final class Lost extends IOException {
    public Lost(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
