package dev.smsworker.worker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder standing in for one node of a cluster: the worker connects to it, it connects to the
 * real broker. {@link #kill} is that node dying: the port refuses new connections and every connection
 * through it breaks at once. {@link #delayReplies} makes the far side slow to answer: what it sends back
 * is held that long, while what the client sends goes through at once (a command runs, its answer is late).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Duration replyDelay = Duration.ZERO;

    public TcpProxy(String targetHost, int targetPort) {
        this(0, targetHost, targetPort);
    }

    /** Listens on {@code listenPort} (0: any free port); a node coming back listens where it did before. */
    public TcpProxy(int listenPort, String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofPlatform().daemon().name("tcp-proxy-" + port()).start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as it goes into {@code spring.rabbitmq.addresses}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Client connections forwarded right now. */
    public int connections() {
        return (int) open.stream().filter(socket -> !socket.isClosed()).count() / 2;
    }

    /** Holds each chunk the target sends back for {@code delay} before passing it on; zero to stop. */
    public void delayReplies(Duration delay) {
        this.replyDelay = delay;
    }

    public void kill() {
        close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream, false);
                pipe(upstream, client, true);
            } catch (IOException e) {
                // closed, or the broker refused: the client sees its connection drop
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean replies) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    Duration delay = replyDelay;
                    if (replies && !delay.isZero()) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(TcpProxy::closeQuietly);
    }
}
