package dev.smsworker.worker.observability;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A configuration value that can't be bound or validated, explained without printing a secret. Spring
 * Boot's own analyzers print the offending value ({@code Value: "amqp://user:s3cret@host:5672:bad"}); this
 * one runs first and prints it only when neither the property's name nor a URI's user-info says it holds
 * a credential (see {@link Secrets}). The reason is kept, with the value cut out of it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecretSafeBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        StringBuilder description = new StringBuilder("Failed to bind properties under '").append(cause.getName()).append("'");
        if (cause.getCause() instanceof BindValidationException validation) {
            description.append(":\n");
            for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
                String property = cause.getName().toString() + (error instanceof FieldError field ? "." + field.getField() : "");
                Object rejected = error instanceof FieldError field ? field.getRejectedValue() : null;
                appendProperty(description, property, rejected == null ? null : String.valueOf(rejected), null,
                        error.getDefaultMessage());
            }
        } else {
            ConfigurationProperty property = cause.getProperty();
            String value = property == null || property.getValue() == null ? null : String.valueOf(property.getValue());
            description.append(":\n");
            appendProperty(description, property == null ? cause.getName().toString() : property.getName().toString(), value,
                    property == null || property.getOrigin() == null ? null : property.getOrigin().toString(), reason(cause));
        }
        return new FailureAnalysis(description.toString(), "Update the worker's configuration (values that hold credentials are "
                + "not printed: check them where they are set).", cause);
    }

    private static void appendProperty(StringBuilder out, String name, String value, String origin, String reason) {
        boolean secret = Secrets.isSecretName(name);
        out.append("\n    Property: ").append(name);
        if (value != null) {
            out.append("\n    Value: ").append(secret ? Secrets.HIDDEN : "\"" + Secrets.redact(value) + "\"");
        }
        if (origin != null) {
            out.append("\n    Origin: ").append(Secrets.redact(origin));
        }
        if (reason != null) {
            String cleaned = secret && value != null && !value.isEmpty() ? reason.replace(value, Secrets.HIDDEN) : reason;
            out.append("\n    Reason: ").append(Secrets.redact(cleaned));
        }
        out.append('\n');
    }

    private static String reason(BindException cause) {
        Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
        // The converter's wrapper repeats the value; its cause says what was wrong with it.
        while (reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        return reason.getClass().getName() + (reason.getMessage() == null ? "" : ": " + reason.getMessage());
    }
}
