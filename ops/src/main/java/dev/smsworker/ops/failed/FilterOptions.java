package dev.smsworker.ops.failed;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Kind;
import dev.smsworker.ops.console.TimeArguments;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The filter flags shared by {@code failed summary|list}, {@code replay} and {@code purge}. */
public class FilterOptions {

    @Option(names = "--error-class", split = ",", paramLabel = "CLASS",
            description = "Only these error classes: ${COMPLETION-CANDIDATES}.")
    List<ErrorClass> errorClasses = new ArrayList<>();

    @Option(names = "--error-code", split = ",", paramLabel = "CODE", description = "Only these error codes (sms-error-code).")
    List<String> errorCodes = new ArrayList<>();

    @Option(names = "--provider", split = ",", paramLabel = "NAME", description = "Only messages whose last attempt used these providers.")
    List<String> providers = new ArrayList<>();

    @Option(names = "--kind", split = ",", paramLabel = "KIND", converter = KindConverter.class,
            description = "Only these kinds: otp, transactional, marketing.")
    List<Kind> kinds = new ArrayList<>();

    @Option(names = "--since", paramLabel = "WHEN", converter = TimeArguments.PointInTimeConverter.class,
            description = "Only messages failed at or after WHEN: an instant (2026-01-01T12:00:00Z) or an age (2h, 30m, 1d).")
    TimeArguments.PointInTime since;

    @Option(names = "--until", paramLabel = "WHEN", converter = TimeArguments.PointInTimeConverter.class,
            description = "Only messages failed before WHEN (same forms as --since).")
    TimeArguments.PointInTime until;

    @Option(names = "--message-id", split = ",", paramLabel = "ID", description = "Only these message ids.")
    List<String> messageIds = new ArrayList<>();

    public MessageFilter toFilter(Instant now) {
        Set<String> classes = new HashSet<>();
        errorClasses.forEach(errorClass -> classes.add(errorClass.name()));
        return new MessageFilter(classes, Set.copyOf(errorCodes), Set.copyOf(providers), Set.copyOf(kinds),
                since == null ? null : since.resolve(now),
                until == null ? null : until.resolve(now),
                Set.copyOf(messageIds));
    }

    /** {@code otp} as on the wire, and {@code OTP} as in the enum. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            return Kind.fromWireName(value.strip().toLowerCase(Locale.ROOT));
        }
    }
}
