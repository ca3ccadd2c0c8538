package io.pawkeep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the application's port that a test switches off and on: the connection
 * between a browser and the application, which the page's own offline emulation cannot cut for a
 * service worker. While it is {@linkplain #cut() cut}, every open connection is reset and every new
 * one is reset as soon as it is accepted (the browser sees a network error at once, as with no
 * signal); {@link #restore()} lets connections through again. It can also drop the connection in
 * the middle of an exchange ({@link #dropAnswerToNext}, {@link #dropRequestToNextAfter}) and
 * records what the browser sent, so a test sees which requests reached the application.
 *
 * <p>It listens on the loopback address only; the browser reaches it as {@code
 * http://localhost:<port>} (a secure context, like the application's own origin).
 */
public final class SwitchableProxy implements AutoCloseable {

  /**
   * An HTTP/1.1 request line, where the recorded traffic is split into requests (a request follows
   * the previous one's body directly, with no line break between them).
   */
  private static final Pattern REQUEST_LINE =
      Pattern.compile("(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\\S* HTTP/1\\.[01]\r\n");

  private final int targetPort;
  private final ServerSocket server;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final List<Connection> all = new ArrayList<>();
  private final AtomicReference<Trigger> trigger = new AtomicReference<>();
  private volatile boolean cut;
  private volatile boolean closed;
  private volatile Throttle throttle;

  private SwitchableProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("switchable-proxy-" + port()).start(this::accept);
  }

  /** One proxy per application port for the whole test run (browser tests keep their origin). */
  private static final Map<Integer, SwitchableProxy> SHARED = new ConcurrentHashMap<>();

  /** A proxy on a free loopback port forwarding to {@code targetPort} on the loopback address. */
  public static SwitchableProxy forwardingTo(int targetPort) {
    return new SwitchableProxy(targetPort);
  }

  /**
   * The run's proxy in front of {@code targetPort}, made on first use and closed when the test JVM
   * exits: the browser's origin (and so its service worker and storage) stays the same from one
   * test to the next.
   */
  public static SwitchableProxy sharedFor(int targetPort) {
    return SHARED.computeIfAbsent(
        targetPort,
        p -> {
          SwitchableProxy proxy = forwardingTo(p);
          Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
          return proxy;
        });
  }

  public int port() {
    return server.getLocalPort();
  }

  public int targetPort() {
    return targetPort;
  }

  /** {@code http://localhost:<port>}: the origin a browser uses to reach the application. */
  public String origin() {
    return "http://localhost:" + port();
  }

  /** No signal: resets every open connection and, until {@link #restore()}, every new one. */
  public void cut() {
    cut = true;
    resetOpen();
  }

  /** The signal is back: new connections reach the application again. */
  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  /**
   * A slow network for everything that goes through the proxy, the page's requests and its service
   * worker's alike (the DevTools protocol's emulation slows only the page's): each byte takes
   * {@code roundTrip}/2 each way and the link carries {@code bytesPerSecond} each way. Open
   * connections are reset (as when a phone changes network); new ones are slow.
   */
  public void throttle(Duration roundTrip, long bytesPerSecond) {
    throttle = new Throttle(roundTrip.toNanos() / 2, bytesPerSecond);
    resetOpen();
  }

  /** Back to the loopback's own speed; open connections are reset. */
  public void fullSpeed() {
    throttle = null;
    resetOpen();
  }

  private void resetOpen() {
    for (Connection c : open) {
      c.reset();
    }
  }

  /** A one-way delay and a bandwidth, per direction of each connection. */
  private record Throttle(long oneWayNanos, long bytesPerSecond) {}

  /**
   * The next request whose request line starts with {@code requestStart} (e.g. {@code "POST
   * /visits/sync"}) reaches the application whole, but the connection is lost before its answer
   * reaches the browser: the proxy is {@linkplain #cut() cut} the moment the first byte of the
   * answer arrives. The application did the work; the browser never learns it.
   */
  public Drop dropAnswerToNext(String requestStart) {
    return arm(new Trigger(requestStart, -1));
  }

  /**
   * The next request whose request line starts with {@code requestStart} is cut off after its first
   * {@code bytes} bytes (counted from its request line): the proxy is {@linkplain #cut() cut} then,
   * so the application never receives the whole request.
   */
  public Drop dropRequestToNextAfter(String requestStart, int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be at least 1");
    }
    return arm(new Trigger(requestStart, bytes));
  }

  private Drop arm(Trigger armed) {
    if (!trigger.compareAndSet(null, armed)) {
      throw new IllegalStateException("a drop is already armed");
    }
    return armed.drop;
  }

  /**
   * Every request the browser sent through the proxy (request line, headers and body as text), in
   * the order they started, connection by connection; a request cut off is recorded as far as it
   * reached the application.
   */
  public List<String> requests() {
    List<Connection> connections;
    synchronized (all) {
      connections = List.copyOf(all);
    }
    List<String> requests = new ArrayList<>();
    for (Connection c : connections) {
      String sent = c.forwarded();
      Matcher m = REQUEST_LINE.matcher(sent);
      m.region(c.forgottenUpTo(), sent.length());
      int start = -1;
      while (m.find()) {
        if (start >= 0) {
          requests.add(sent.substring(start, m.start()));
        }
        start = m.start();
      }
      if (start >= 0) {
        requests.add(sent.substring(start));
      }
    }
    return requests;
  }

  /** The recorded requests whose request line starts with {@code requestStart}. */
  public List<String> requests(String requestStart) {
    return requests().stream().filter(r -> r.startsWith(requestStart)).toList();
  }

  /**
   * Forgets the traffic recorded so far: {@link #requests()} then lists only requests that start
   * after this call.
   */
  public void forgetTraffic() {
    synchronized (all) {
      all.removeIf(c -> !open.contains(c));
      all.forEach(Connection::forget);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Already closed.
    }
    for (Connection c : open) {
      c.reset();
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        resetQuietly(client);
        continue;
      }
      Connection connection = new Connection(client);
      open.add(connection);
      synchronized (all) {
        all.add(connection);
      }
      Thread.ofVirtual().start(connection::run);
    }
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // an RST, as a connection that died, not a polite FIN
    } catch (SocketException e) {
      // Closed already.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closed already.
    }
  }

  /** What a test waits for: the moment an armed drop happened. */
  public static final class Drop {
    private final CountDownLatch done = new CountDownLatch(1);

    /** Waits up to {@code timeout} for the drop; fails if it did not happen. */
    public void await(Duration timeout) {
      try {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("the armed connection drop did not happen within " + timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the connection drop", e);
      }
    }

    public boolean happened() {
      return done.getCount() == 0;
    }
  }

  /** An armed drop: on a request starting with {@code requestStart}; bytes < 0 drops the answer. */
  private record Trigger(String requestStart, int bytes, Drop drop) {
    Trigger(String requestStart, int bytes) {
      this(requestStart, bytes, new Drop());
    }
  }

  /** One browser connection and its connection to the application, pumped both ways. */
  private final class Connection {
    private final Socket client;
    private final Throttle slow = throttle; // fixed for the connection's life
    private volatile Socket target;
    private final StringBuilder forwarded = new StringBuilder();

    /** A request waiting for its answer to be dropped. */
    private volatile Trigger answerToDrop;

    Connection(Socket client) {
      this.client = client;
    }

    void run() {
      try {
        Socket upstream = new Socket();
        upstream.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        target = upstream;
        if (cut) {
          reset();
          return;
        }
        Thread answers = Thread.ofVirtual().start(this::pumpAnswers);
        pumpRequests();
        answers.join();
      } catch (IOException e) {
        // The application is unreachable: the browser sees the connection drop.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        reset();
      }
    }

    /** Browser to application, recording the bytes and watching for an armed request. */
    private void pumpRequests() {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = client.getInputStream();
          Sink out = sink(target.getOutputStream())) {
        int armedAt = -1; // where the armed request starts in `forwarded`, once seen
        Trigger armed = null;
        int n;
        while ((n = in.read(buffer)) > 0) {
          String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
          int offset;
          synchronized (forwarded) {
            offset = forwarded.length();
            forwarded.append(chunk);
          }
          Trigger t = trigger.get();
          if (armed == null && t != null) {
            int found =
                indexOfRequest(t.requestStart(), Math.max(0, offset - t.requestStart().length()));
            // Only a request line that this chunk completes: an earlier request is not the one.
            if (found >= 0
                && found + t.requestStart().length() > offset
                && trigger.compareAndSet(t, null)) {
              armed = t;
              armedAt = found;
              if (t.bytes() < 0) {
                answerToDrop = t;
              }
            }
          }
          if (armed != null && armed.bytes() > 0) {
            int allowed = armedAt + armed.bytes() - offset; // bytes of this chunk still allowed
            if (allowed < n) {
              if (allowed > 0) {
                out.write(buffer, allowed);
              }
              synchronized (forwarded) {
                forwarded.setLength(offset + Math.max(allowed, 0));
              }
              cut();
              armed.drop().done.countDown();
              return;
            }
          }
          out.write(buffer, n);
        }
      } catch (IOException e) {
        // Either side closed or was reset.
      }
    }

    /** Where a request line starting with {@code requestStart} begins at or after {@code from}. */
    private int indexOfRequest(String requestStart, int from) {
      synchronized (forwarded) {
        return forwarded.indexOf(requestStart, from);
      }
    }

    /** Application to browser, dropping the connection instead of an armed request's answer. */
    private void pumpAnswers() {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = target.getInputStream();
          Sink out = sink(client.getOutputStream())) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          Trigger t = answerToDrop;
          if (t != null) {
            cut();
            t.drop().done.countDown();
            return;
          }
          out.write(buffer, n);
        }
      } catch (IOException e) {
        // Either side closed or was reset.
      } finally {
        reset();
      }
    }

    private Sink sink(OutputStream out) {
      return slow == null ? new Sink(out) : new SlowSink(out, slow);
    }

    String forwarded() {
      synchronized (forwarded) {
        return forwarded.toString();
      }
    }

    /** Requests that started before this point are forgotten (offsets stay valid). */
    private volatile int forgottenUpTo;

    void forget() {
      synchronized (forwarded) {
        forgottenUpTo = forwarded.length();
      }
    }

    int forgottenUpTo() {
      return forgottenUpTo;
    }

    void reset() {
      open.remove(this);
      resetQuietly(client);
      Socket t = target;
      if (t != null) {
        resetQuietly(t);
      }
    }
  }

  /** Where a pump writes: straight through. */
  private static class Sink implements AutoCloseable {
    final OutputStream out;

    Sink(OutputStream out) {
      this.out = out;
    }

    void write(byte[] buffer, int n) throws IOException {
      out.write(buffer, 0, n);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * Through a slow link: each chunk leaves when the link is free, takes its size over the
   * bandwidth, and arrives one one-way delay later; chunks in flight overlap as on a real link.
   */
  private static final class SlowSink extends Sink {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Throttle throttle;
    private volatile IOException failed;

    SlowSink(OutputStream out, Throttle throttle) {
      super(out);
      this.throttle = throttle;
      this.writer = Thread.ofVirtual().start(this::deliver);
    }

    @Override
    void write(byte[] buffer, int n) throws IOException {
      if (failed != null) {
        throw failed;
      }
      queue.add(new Object[] {Arrays.copyOf(buffer, n), System.nanoTime()});
    }

    private void deliver() {
      long linkFree = 0;
      try {
        while (true) {
          Object[] chunk = queue.take();
          byte[] data = (byte[]) chunk[0];
          if (data == END) {
            return;
          }
          long sent = Math.max((long) chunk[1], linkFree);
          linkFree = sent + data.length * 1_000_000_000L / throttle.bytesPerSecond();
          long due = linkFree + throttle.oneWayNanos();
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
          }
          out.write(data);
          out.flush();
        }
      } catch (IOException e) {
        failed = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      queue.add(new Object[] {END, 0L});
      try {
        writer.join(Duration.ofSeconds(30)); // what is in flight still arrives
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.close();
    }
  }
}
