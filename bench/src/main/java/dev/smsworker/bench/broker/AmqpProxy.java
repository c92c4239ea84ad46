package dev.smsworker.bench.broker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A TCP proxy between the worker and the broker that reads the client's AMQP 0-9-1 frames, so it can
 * cut a connection at an exact protocol moment: right after a publish reached the broker and before
 * its confirm reaches the worker. That is the case where the worker can't know whether its republish
 * was stored. It can also sever every connection at once, like a network failure (no close frames).
 */
public final class AmqpProxy implements AutoCloseable {

    private static final int FRAME_METHOD = 1;
    private static final int FRAME_HEADER = 2;
    private static final int FRAME_BODY = 3;
    private static final int BASIC_CLASS = 60;
    private static final int BASIC_PUBLISH = 40;

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Cut> armed = new AtomicReference<>();
    private volatile boolean closed;

    public AmqpProxy(String upstreamHost, int upstreamPort) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofPlatform().daemon().name("amqp-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Arms a cut: the next publish to an exchange that {@code exchanges} accepts is forwarded whole,
     * then its connection is closed before the broker's answer gets back. Completes with the message
     * id that {@code idOf} finds in the published body.
     */
    public CompletableFuture<String> cutAfterNextPublish(Predicate<String> exchanges, Function<byte[], String> idOf) {
        Cut cut = new Cut(exchanges, idOf, new CompletableFuture<>());
        armed.set(cut);
        return cut.done;
    }

    public void disarm() {
        Cut cut = armed.getAndSet(null);
        if (cut != null) {
            cut.done.cancel(false);
        }
    }

    /** Closes every proxied connection at the TCP level. */
    public int severAll() {
        int count = links.size();
        links.forEach(Link::close);
        return count;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                Thread.ofVirtual().start(link::pumpFromClient);
                Thread.ofVirtual().start(link::pumpFromBroker);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // The broker refused (it is down): the client sees its connection close and retries.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        severAll();
    }

    private record Cut(Predicate<String> exchanges, Function<byte[], String> idOf, CompletableFuture<String> done) {
    }

    /** One proxied connection. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        /** Set once a cut starts on this link: nothing more from the broker reaches the client. */
        private volatile boolean blackholed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pumpFromBroker() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (blackholed) {
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // closed
            } finally {
                close();
            }
        }

        void pumpFromClient() {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), 64 * 1024))) {
                OutputStream out = upstream.getOutputStream();
                byte[] protocolHeader = in.readNBytes(8);
                out.write(protocolHeader);
                CutInProgress cutting = null;
                while (true) {
                    byte[] frame = readFrame(in);
                    if (cutting == null) {
                        cutting = startCut(frame);
                    } else {
                        cutting.accept(frame);
                    }
                    out.write(frame);
                    out.flush();
                    if (cutting != null && cutting.complete()) {
                        cutting.finish();
                        return;
                    }
                }
            } catch (IOException e) {
                // closed
            } finally {
                close();
            }
        }

        private CutInProgress startCut(byte[] frame) {
            Cut cut = armed.get();
            if (cut == null || type(frame) != FRAME_METHOD || !isPublish(frame)) {
                return null;
            }
            String exchange = publishExchange(frame);
            if (!cut.exchanges().test(exchange) || !armed.compareAndSet(cut, null)) {
                return null;
            }
            // From here the broker's confirm can't reach the worker.
            blackholed = true;
            return new CutInProgress(cut, channel(frame));
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException e) {
                // already closed
            }
            try {
                upstream.close();
            } catch (IOException e) {
                // already closed
            }
        }

        /** Follows the cut publish's header and body frames, then closes the link. */
        private final class CutInProgress {
            private final Cut cut;
            private final int channel;
            private long bodySize = -1;
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            CutInProgress(Cut cut, int channel) {
                this.cut = cut;
                this.channel = channel;
            }

            void accept(byte[] frame) {
                if (channel(frame) != channel) {
                    return;
                }
                if (type(frame) == FRAME_HEADER) {
                    bodySize = ByteBuffer.wrap(frame, 7 + 4, 8).getLong();
                } else if (type(frame) == FRAME_BODY) {
                    body.write(frame, 7, frame.length - 8);
                }
            }

            boolean complete() {
                return bodySize >= 0 && body.size() >= bodySize;
            }

            void finish() {
                // Give the broker a moment to store the message before the connection goes.
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                close();
                cut.done().complete(cut.idOf().apply(body.toByteArray()));
            }
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] head = new byte[7];
        in.readFully(head);
        int size = ByteBuffer.wrap(head, 3, 4).getInt();
        if (size < 0) {
            throw new EOFException("bad frame size");
        }
        byte[] frame = new byte[7 + size + 1];
        System.arraycopy(head, 0, frame, 0, 7);
        in.readFully(frame, 7, size + 1);
        return frame;
    }

    private static int type(byte[] frame) {
        return frame[0] & 0xFF;
    }

    private static int channel(byte[] frame) {
        return ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
    }

    private static boolean isPublish(byte[] frame) {
        ByteBuffer payload = ByteBuffer.wrap(frame, 7, frame.length - 8);
        return frame.length >= 7 + 4 && payload.getShort() == BASIC_CLASS && payload.getShort() == BASIC_PUBLISH;
    }

    /** basic.publish: class, method, reserved short, exchange as a short string. */
    private static String publishExchange(byte[] frame) {
        int length = frame[7 + 6] & 0xFF;
        return new String(frame, 7 + 7, length, StandardCharsets.UTF_8);
    }
}
