package dev.smsworker.bench.provider;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Twilio's Messages API as a small HTTP/1.1 server of our own (keep-alive, one virtual thread per
 * connection), because the chaos run needs what MockWebServer can't do at a few thousand calls a
 * second: refuse connections for a while, and accept an SMS, then drop the connection unanswered.
 *
 * <p>Every call is recorded in a {@link CallLog} under the message id, the first word of {@code Body}.
 * A {@link Script} decides each answer.
 */
public final class FakeTwilio implements AutoCloseable {

    private final CallLog log = new CallLog();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong calls = new AtomicLong();
    private final int port;
    private final Function<String, String> idOf;
    private volatile Script script;
    private volatile ServerSocket server;
    private volatile boolean closed;

    public FakeTwilio(Script script) {
        this(script, FakeTwilio::firstWord);
    }

    /** @param idOf finds the message id in an SMS text */
    public FakeTwilio(Script script, Function<String, String> idOf) {
        this.script = script;
        this.idOf = idOf;
        this.server = bind(0);
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    public int port() {
        return port;
    }

    /** Where Twilio's API would be: {@code http://127.0.0.1:<port>/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    public CallLog log() {
        return log;
    }

    public long calls() {
        return calls.get();
    }

    public void script(Script newScript) {
        this.script = newScript;
    }

    /** The worker arguments that make it send every SMS here. */
    public String[] workerArguments() {
        return new String[]{
                "--sms.providers.order=twilio",
                "--sms.providers.twilio.base-url=" + baseUrl(),
                "--sms.providers.twilio.account-sid=AC1",
                "--sms.providers.twilio.auth-token=x",
                "--sms.providers.twilio.from=+15005550006"};
    }

    /** An outage: connections are refused (and open ones cut) for {@code duration}, then the same port answers again. */
    public void outage(Duration duration) throws InterruptedException {
        ServerSocket current = server;
        server = null;
        closeQuietly(current);
        open.forEach(FakeTwilio::closeQuietly);
        Thread.sleep(duration);
        server = bind(port);
        acceptLoop(server);
    }

    private ServerSocket bind(int wanted) {
        for (int attempt = 0; ; attempt++) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 4096);
                return socket;
            } catch (IOException e) {
                if (attempt == 50) {
                    throw new IllegalStateException("cannot listen on port " + wanted, e);
                }
                sleep(100);
            }
        }
    }

    private void acceptLoop(ServerSocket listening) {
        Thread.ofPlatform().daemon().name("fake-twilio-accept").start(() -> {
            while (!closed && !listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    socket.setTcpNoDelay(true);
                    open.add(socket);
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return; // closed for an outage or for good
                }
            }
        });
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                long arrived = System.nanoTime();
                calls.incrementAndGet();
                if (!answer(request, arrived, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the worker went away, or we cut the connection on purpose
        } finally {
            open.remove(socket);
        }
    }

    /** Returns false when the connection must be closed. */
    private boolean answer(Request request, long arrived, OutputStream out) throws IOException {
        String id = idOf.apply(request.text());
        int attempt = log.attempts(id) + 1;
        Answer answer = script.answer(id, attempt);
        log.record(id, arrived, answer);
        sleep(answer.delayMillis());
        return switch (answer) {
            case Answer.Created created -> respond(out, 201, "{\"sid\":\"SM" + Long.toHexString(arrived) + "\",\"status\":\"queued\"}");
            case Answer.Error error -> respond(out, error.status(), "{\"code\":" + error.code()
                    + ",\"message\":\"fake error\",\"more_info\":\"https://www.twilio.com/docs/errors/" + error.code()
                    + "\",\"status\":" + error.status() + "}");
            // Accepted, and the connection drops before the answer: the worker cannot know it was sent.
            case Answer.AcceptAndDrop ignored -> false;
        };
    }

    private static boolean respond(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return true;
    }

    private static String reason(int status) {
        return switch (status) {
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(FakeTwilio::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first word of the SMS text: the harnesses put the message id there. */
    public static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /** One HTTP request, read just far enough to find the form's Body. */
    private record Request(String body) {

        static Request read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return null;
            }
            int length = 0;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null;
            }
            return new Request(new String(body, StandardCharsets.US_ASCII));
        }

        /** The SMS text: the form's Body. */
        String text() {
            for (String pair : body.split("&")) {
                if (pair.startsWith("Body=")) {
                    return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            return "<no-body>";
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.isEmpty() ? null : line.toString();
        }
    }
}
