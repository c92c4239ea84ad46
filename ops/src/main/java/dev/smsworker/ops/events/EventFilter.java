package dev.smsworker.ops.events;

/** The client-side filters of {@code sms-ops events}; null means any. The type is filtered by the binding. */
record EventFilter(String correlationId, String messageId) {

    boolean matches(EventLine line) {
        return (correlationId == null || correlationId.equals(line.field("correlationId")))
                && (messageId == null || messageId.equals(line.field("messageId")));
    }
}
