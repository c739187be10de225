package org.vmqsc.runtime.auth;

import io.grpc.Attributes;
import io.grpc.BinaryLog;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * A request body that does not parse is refused with {@code INVALID_ARGUMENT} and one WARNING
 * line (rate-limited per peer, {@link PeerLog}). gRPC parses before any interceptor sees the
 * message and, when that fails, logs a SEVERE stack trace for what is only bad input from a
 * caller (who already passed the secret check: a client of another version, say).
 *
 * <p>Why a {@link BinaryLog}: it is the one hook a server applies to every method, after the
 * interceptors, that may change a method's request marshaller. Each method then takes its
 * request as raw bytes and parses it here, where a failure can be answered. Install with {@code
 * setBinaryLog(new MalformedRequests())} (org.vmqsc.runtime.transport.Endpoints does).
 */
public final class MalformedRequests extends BinaryLog {
  private final PeerLog log;

  /** One per server: its refusals are rate-limited on their own. */
  public MalformedRequests() {
    this(PeerLog.toLog());
  }

  MalformedRequests(PeerLog log) {
    this.log = log;
  }

  @Override
  public <Q, R> ServerMethodDefinition<?, ?> wrapMethodDefinition(ServerMethodDefinition<Q, R> def) {
    MethodDescriptor<Q, R> method = def.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw =
        method.toBuilder(RawBytes.INSTANCE, method.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> next = def.getServerCallHandler();
    return ServerMethodDefinition.create(raw, (call, headers) -> {
      Parsed<Q, R> parsed = new Parsed<>(call, method);
      return parsed.listen(next.startCall(parsed, headers), log);
    });
  }

  /** Clients are untouched. */
  @Override
  public Channel wrapChannel(Channel channel) {
    return channel;
  }

  @Override
  public void close() {}

  /** Leaves the request as the bytes that came. */
  private enum RawBytes implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    /** Parsed at once by {@link Parsed}, while gRPC still holds the message open. */
    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }

  /** The call as the method's handler sees it (typed requests); remembers that it closed. */
  private static final class Parsed<Q, R> extends ServerCall<Q, R> {
    private final ServerCall<InputStream, R> raw;
    private final MethodDescriptor<Q, R> method;
    private volatile boolean closed;

    Parsed(ServerCall<InputStream, R> raw, MethodDescriptor<Q, R> method) {
      this.raw = raw;
      this.method = method;
    }

    /** The raw listener: parses each request, refusing one that does not parse. */
    ServerCall.Listener<InputStream> listen(ServerCall.Listener<Q> typed, PeerLog log) {
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(InputStream message) {
          if (closed) {
            return; // refused already (no secret, say): nothing to parse
          }
          Q request;
          try {
            request = method.parseRequest(message);
          } catch (RuntimeException e) {
            String why = Status.fromThrowable(e).getDescription();
            log.warn(raw.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), "refused "
                + method.getFullMethodName() + " from " + PeerLog.host(raw.getAttributes()
                .get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)) + ": malformed request (" + why + ")");
            close(Status.INVALID_ARGUMENT.withDescription("malformed request: " + why),
                new Metadata());
            return;
          }
          typed.onMessage(request);
        }

        @Override
        public void onHalfClose() {
          if (!closed) { // a unary handler would answer "no request" on a closed call
            typed.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          typed.onCancel();
        }

        @Override
        public void onComplete() {
          typed.onComplete();
        }

        @Override
        public void onReady() {
          typed.onReady();
        }
      };
    }

    @Override
    public void close(Status status, Metadata trailers) {
      synchronized (this) {
        if (closed) {
          return; // the handler closing after we refused: nothing more to say
        }
        closed = true;
      }
      raw.close(status, trailers);
    }

    @Override
    public void request(int n) {
      raw.request(n);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      raw.sendHeaders(headers);
    }

    @Override
    public void sendMessage(R message) {
      raw.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return raw.isReady();
    }

    @Override
    public boolean isCancelled() {
      return raw.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      raw.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      raw.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      raw.setOnReadyThreshold(numBytes);
    }

    @Override
    public SecurityLevel getSecurityLevel() {
      return raw.getSecurityLevel();
    }

    @Override
    public Attributes getAttributes() {
      return raw.getAttributes();
    }

    @Override
    public String getAuthority() {
      return raw.getAuthority();
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }
}
