package dev.smsworker.ops.connection;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/** Turns the client's exceptions into one line an operator can act on. */
public final class BrokerErrors {

    private BrokerErrors() {
    }

    /** Whether {@code e} is the broker's (or the network's) doing rather than a bug of ours. */
    public static boolean isBrokerError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof ShutdownSignalException
                    || cause instanceof TimeoutException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** E.g. {@code NOT_FOUND - no queue 'sms.failed' in vhost 'x'} rather than the client's method dump. */
    public static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException shutdown) {
                return switch (shutdown.getReason()) {
                    case AMQP.Channel.Close close -> close.getReplyText();
                    case AMQP.Connection.Close close -> close.getReplyText();
                    case null, default -> "connection lost: " + shutdown.getMessage();
                };
            }
            if (cause instanceof AuthenticationFailureException || cause instanceof PossibleAuthenticationFailureException) {
                return "login refused (wrong user, password or vhost access)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
