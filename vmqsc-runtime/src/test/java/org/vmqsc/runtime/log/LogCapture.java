package org.vmqsc.runtime.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * What a process logs under one logger name at WARN and above, read back from Logback itself
 * (where our SLF4J lines and gRPC's bridged java.util.logging lines both land); closing it stops.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger;
  private final String containing;
  public final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  private LogCapture(String name, String containing) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.containing = containing;
  }

  /** Warnings and errors under {@code name} ("" for all) whose message contains the text. */
  public static LogCapture warnings(String name, String containing) {
    ProcessLogging.bridgeJul();
    LogCapture c = new LogCapture(name.isEmpty() ? Logger.ROOT_LOGGER_NAME : name, containing);
    c.setContext(c.logger.getLoggerContext());
    c.start();
    c.logger.addAppender(c);
    return c;
  }

  @Override
  protected void append(ILoggingEvent e) {
    if (e.getLevel().isGreaterOrEqual(Level.WARN)
        && e.getFormattedMessage().contains(containing)) {
      events.add(e);
    }
  }

  /** The messages, formatted. */
  public List<String> texts() {
    return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
