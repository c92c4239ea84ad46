package dev.smsworker.worker.failover;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;

import java.util.Map;
import java.util.Set;

/**
 * Which final "not delivered" receipts say another route may succeed (issue 12): an unreachable or unknown
 * handset, carrier filtering, an expiry or a fault on the provider's side. Not a landline, an opt-out, a
 * blocked or invalid number (message-fatal: another provider gets the same answer, and the guard may suppress
 * the number), nor a receipt that leaves delivery unknown (another send could be a second SMS). A code not
 * listed here is not guessed at: no failover. Sources: /work/shared/provider-notes.md §2 (the providers' DLR
 * tables, with their links).
 */
final class FailoverCodes {

    /** By provider: error codes (Twilio {@code ErrorCode}, Vonage {@code err-code}, Sinch {@code code}, LINK {@code resultCode}). */
    private static final Map<String, Set<String>> CODES = Map.of(
            // 30001 queue overflow, 30002 account suspended, 30003 unreachable handset, 30005 unknown handset,
            // 30007 carrier filtering, 30008 unknown error, 30034 unregistered 10DLC sender, 30036 validity
            // expired while queued, 30450 SMS pumping protection block.
            "twilio", Set.of("30001", "30002", "30003", "30005", "30007", "30008", "30034", "30036", "30450"),
            // 1 unknown, 2 absent subscriber (temporary), 5 portability error, 6 anti-spam rejection (carrier
            // filtering), 7 handset busy, 8 network error, 11 unroutable, 12 destination unreachable, 99 general error.
            "vonage", Set.of("1", "2", "5", "6", "7", "8", "11", "12", "99"),
            // 402 unroutable, 403 internal error, 404 temporary delivery failure, 406 internal expiry,
            // 412 unprovisioned region, 413 account blocked.
            "sinch", Set.of("402", "403", "404", "406", "412", "413"),
            // 0 unknown error, 1 temporary / 2 permanent routing error, 3 throttling, 6 operator error,
            // 104 configuration error, 105 internal LINK error, 1002 expired, 1006 not delivered, 1009 billed but
            // not delivered, 2104 unknown subscriber. Not 4, 5, 1010: delivery unknown.
            "linkmobility", Set.of("0", "1", "2", "3", "6", "104", "105", "1002", "1006", "1009", "2104"),
            // The in-house gateway's documented vocabulary (README, "Delivery receipts").
            "http", Set.of("unreachable", "unknown-subscriber", "filtered", "expired", "route-failure"));

    /** By provider: status words that are an expiry whatever the code (Vonage {@code expired}, Sinch {@code Expired}). */
    private static final Map<String, Set<String>> EXPIRED_STATUSES = Map.of(
            "vonage", Set.of("expired"),
            "sinch", Set.of("Expired"));

    private FailoverCodes() {
    }

    /** Whether a final receipt without delivery says the next provider of the route may deliver it. */
    static boolean mayDeliverElsewhere(DeliveryReceipt receipt) {
        if (receipt.status() != DeliveryStatus.UNDELIVERED && receipt.status() != DeliveryStatus.FAILED) {
            return false;
        }
        if (receipt.providerStatus() != null
                && EXPIRED_STATUSES.getOrDefault(receipt.provider(), Set.of()).contains(receipt.providerStatus())) {
            return true;
        }
        return receipt.errorCode() != null && CODES.getOrDefault(receipt.provider(), Set.of()).contains(receipt.errorCode());
    }
}
