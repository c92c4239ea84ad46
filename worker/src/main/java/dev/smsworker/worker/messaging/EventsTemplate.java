package dev.smsworker.worker.messaging;

import org.springframework.beans.factory.annotation.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the template for status events instead of the primary (confirmed, mandatory) one: events are not
 * mandatory, since nobody has to listen to them. A type the compiler checks, where a bean-name string would not be.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Qualifier
public @interface EventsTemplate {
}
