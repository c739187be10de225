package org.vmqsc.cli;

import java.io.PrintWriter;
import java.util.List;
import org.vmqsc.report.OutputException;
import org.vmqsc.runtime.auth.SecretFileException;
import org.vmqsc.sim.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;

/**
 * Turns every failure into one stderr line starting {@code vmqsc: } and an exit code: users (and
 * scripts grepping stderr) should never see a usage dump or a stack trace.
 */
final class ErrorHandling {
  /** All went well (and every check run passed). */
  static final int OK = 0;
  /** A check failed: the oracle found a property violated, or a liveness bound was missed. */
  static final int CHECK_FAILED = 1;
  /** Bad options, scenario file, config or output directory: one line says which. */
  static final int BAD_INPUT = 2;
  /** A bug in vmqsc itself (VMQSC_DEBUG=1 prints its stack trace). */
  static final int INTERNAL = 3;
  /**
   * A cluster process did not answer (its manager or a hypervisor is not running, or not
   * reachable): distinct from 1 so that a script can tell "the cluster is down" from "the
   * protocol is broken".
   */
  static final int UNREACHABLE = 4;
  /** The command ran but a process it drives failed (could not start, bind or recover). */
  static final int RUNTIME_FAILURE = 5;

  private ErrorHandling() {}

  static void install(CommandLine cl) {
    cl.setParameterExceptionHandler(onBadOption());
    cl.setExecutionExceptionHandler(onFailure());
  }

  /**
   * Bad options: just picocli's message (e.g. "Unknown option: '--x'"), no usage text. Commands
   * throw ParameterException for their own validation (e.g. --runs 0), and picocli routes those
   * here too.
   */
  private static IParameterExceptionHandler onBadOption() {
    return (ex, args) -> {
      print(ex.getCommandLine().getErr(), firstCause(ex));
      return BAD_INPUT;
    };
  }

  /**
   * Picocli checks required options before it complains about unknown ones, so a mistyped
   * "--senario x" would be reported as a missing --scenario; the typo is the real problem.
   */
  private static String firstCause(ParameterException ex) {
    List<String> unknown = ex.getCommandLine().getUnmatchedArguments();
    if (ex instanceof MissingParameterException && !unknown.isEmpty()) {
      String first = unknown.get(0);
      return (first.startsWith("-") ? "Unknown option: '" : "Unmatched argument: '") + first + "'";
    }
    return ex.getMessage();
  }

  private static IExecutionExceptionHandler onFailure() {
    return (ex, cl, parseResult) -> {
      // Both say, in one line, which file or directory is wrong and why.
      if (ex instanceof ScenarioException || ex instanceof OutputException
          || ex instanceof SecretFileException) {
        print(cl.getErr(), ex.getMessage());
        return BAD_INPUT;
      }
      if (failedBind(ex)) { // a cluster process cannot listen: another holds its port
        print(cl.getErr(), ex.getMessage() + ": " + rootCause(ex).getMessage()
            + " (another process holds the port; see the ports in " + RuntimeConfig.FILE_NAME
            + ")");
        return RUNTIME_FAILURE;
      }
      io.grpc.StatusRuntimeException unreachable = unreachable(ex);
      if (unreachable != null) {
        print(cl.getErr(), "cannot reach the cluster: " + unreachable.getMessage()
            + " (is it running? vmqsc status --dir DIR)");
        return UNREACHABLE;
      }
      return internalError(ex, cl.getErr());
    };
  }

  /**
   * gRPC says "Failed to bind to address A" over the transport's own error (a BindException, or
   * netty's native "bind(..) failed: Address already in use").
   */
  private static boolean failedBind(Throwable ex) {
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof java.net.BindException
          || String.valueOf(c.getMessage()).startsWith("Failed to bind to address")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A call that found no one listening (UNAVAILABLE: connection refused) or no answer in time
   * (DEADLINE_EXCEEDED); null for any other failure, which stays an internal error.
   */
  static io.grpc.StatusRuntimeException unreachable(Throwable ex) {
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof io.grpc.StatusRuntimeException s
          && (s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
              || s.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED)) {
        return s;
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * One line naming the exception. A generic IllegalArgumentException from deep in the
   * simulator is a bug, not bad input, so it lands here rather than at exit 2. Set
   * VMQSC_DEBUG=1 to get the stack trace when hunting it.
   */
  static int internalError(Throwable t, PrintWriter err) {
    print(err, "internal error: " + t);
    if (System.getenv("VMQSC_DEBUG") != null) {
      t.printStackTrace(err);
      err.flush();
    }
    return INTERNAL;
  }

  /** Messages from parsers may span lines; the contract is one line. */
  static void print(PrintWriter err, String message) {
    String text = message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    err.println("vmqsc: " + text);
    err.flush();
  }
}
