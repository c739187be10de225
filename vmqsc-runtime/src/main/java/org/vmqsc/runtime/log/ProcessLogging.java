package org.vmqsc.runtime.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up a process's logs (Logback behind SLF4J): one line per event with time, level, process
 * name and logger; levels from the config; a size-rotated file per process; JSON lines on request.
 * gRPC and its Netty write to java.util.logging, which is bridged here so that they obey the same
 * levels. The libraries stay at WARN unless the user asks for less; their INFO lines (a channel
 * reconnecting while a peer starts) are routine for a cluster and said by our own lines once.
 */
public final class ProcessLogging {
  /** One line: ISO time, level, process, logger (shortened), message; a trace only if attached. */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %property{process} %logger{36} - %msg%n";
  /** The context property holding the process's name (JSON lines carry it under context). */
  public static final String PROCESS = "process";
  /** Loggers of libraries, held at WARN unless the process's level is quieter still. */
  static final List<String> LIBRARIES = List.of("io.grpc", "io.netty", "software.amazon",
      "org.eclipse.jetty", "org.gaul", "org.jclouds", "org.apache.ratis");

  private ProcessLogging() {}

  /**
   * Routes java.util.logging (gRPC, the JDK's System.Logger) into SLF4J, once per JVM, and makes
   * JUL's levels follow Logback's so that a line nobody wants is not formatted twice.
   */
  public static synchronized void bridgeJul() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /**
   * Replaces this JVM's logging set-up with {@code s}'s. A user who gives their own Logback file
   * ({@code -Dlogback.configurationFile}, through --jvm-opts) keeps it: only JUL is bridged.
   */
  public static synchronized void configure(LogSettings s) {
    bridgeJul();
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ctx.putProperty(PROCESS, s.process());
    if (CoreConstants.DEFAULT_CONTEXT_NAME.equals(ctx.getName())) {
      ctx.setName(s.process()); // a context is named once per JVM
    }
    LevelChangePropagator jul = new LevelChangePropagator();
    jul.setContext(ctx);
    jul.setResetJUL(true);
    jul.start();
    ctx.addListener(jul);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = Level.toLevel(s.level());
    root.setLevel(level);
    Level libraries = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
    for (String lib : LIBRARIES) {
      ctx.getLogger(lib).setLevel(libraries);
    }
    root.addAppender(console(ctx, s));
    if (s.file() != null) {
      root.addAppender(file(ctx, s));
    }
  }

  /** Back to the JVM's default set-up (logback.xml): tests that configured a process's. */
  public static synchronized void restoreDefaults() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    try {
      new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    } catch (ch.qos.logback.core.joran.spi.JoranException e) {
      throw new IllegalStateException("the default logback.xml does not load", e);
    }
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext ctx, LogSettings s) {
    ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
    a.setContext(ctx);
    a.setName("console");
    a.setTarget("System.err");
    a.setEncoder(encoder(ctx, s.format()));
    ThresholdFilter f = new ThresholdFilter();
    f.setLevel(s.consoleLevel());
    f.start();
    a.addFilter(f);
    a.start();
    return a;
  }

  /** {@code dir/NAME.log}, rolled at the size limit to NAME.1.log .. NAME.N.log, oldest dropped. */
  private static RollingFileAppender<ILoggingEvent> file(LoggerContext ctx, LogSettings s) {
    RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
    a.setContext(ctx);
    a.setName("file");
    a.setFile(s.file().toString());
    FixedWindowRollingPolicy roll = new FixedWindowRollingPolicy();
    roll.setContext(ctx);
    roll.setParent(a);
    roll.setFileNamePattern(s.dir().resolve(s.process() + ".%i.log").toString());
    roll.setMinIndex(1);
    roll.setMaxIndex(s.maxFiles());
    roll.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(s.maxFileBytes()));
    // The size is looked at once a second at most (Logback's default is once a minute, which
    // lets a chatty process run far past the limit).
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(1000));
    trigger.start();
    a.setRollingPolicy(roll);
    a.setTriggeringPolicy(trigger);
    a.setEncoder(encoder(ctx, s.format()));
    a.start();
    return a;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, LogSettings.Format format) {
    if (format == LogSettings.Format.JSON) {
      JsonEncoder e = new JsonEncoder();
      e.setContext(ctx);
      // The message once, formatted; the context carries the process name.
      e.setWithMessage(false);
      e.setWithArguments(false);
      e.setWithFormattedMessage(true);
      e.setWithSequenceNumber(false);
      e.setWithNanoseconds(false);
      e.start();
      return e;
    }
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(PATTERN);
    e.start();
    return e;
  }
}
