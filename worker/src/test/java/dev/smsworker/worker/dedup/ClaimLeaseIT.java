package dev.smsworker.worker.dedup;

import dev.smsworker.worker.support.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

import static dev.smsworker.worker.dedup.SendDeduplicationTest.CLOCK;
import static dev.smsworker.worker.dedup.SendDeduplicationTest.REQUEST;
import static dev.smsworker.worker.dedup.SendDeduplicationTest.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: claims against the local Redis (shared: every key of this test starts with its own prefix),
 * once through a proxy that holds Redis's answers past the client's timeout, as a loaded machine did.
 */
class ClaimLeaseIT {

    static final String REDIS = RedisSentStoreIT.REDIS;
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final JsonMapper json = JsonMapper.builder().build();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RedisClient direct = RedisClient.create(REDIS);
    final StatefulRedisConnection<String, String> redis = direct.connect();

    @AfterEach
    void deleteTheKeys() {
        var keys = redis.sync().keys(prefix + "*");
        if (!keys.isEmpty()) {
            redis.sync().del(keys.toArray(String[]::new));
        }
        redis.close();
        direct.shutdown();
    }

    /**
     * What happened in the cluster runs: the claim's command timed out on the client, yet Redis ran it. The
     * id stayed claimed by a token no delivery held, and every delivery of it was handed back until the
     * claim timed out (5 minutes then). Asked again with the same claim, the store now finds it ours.
     */
    @Test
    void aClaimThatTimedOutOnTheClientButRanInRedisIsOursWhenAskedAgain() {
        try (TcpProxy slow = new TcpProxy("127.0.0.1", 6379);
             RedisSentStore store = new RedisSentStore(properties(slow, Duration.ofMinutes(1)), json)) {
            InFlight mine = RedisSentStoreIT.claim();
            store.claim("msg-0", RedisSentStoreIT.claim()); // connected before Redis turns slow
            slow.delayReplies(CLIENT_TIMEOUT.multipliedBy(3));

            assertThatThrownBy(() -> store.claim("msg-1", mine)).hasMessageContaining("timed out");
            assertThat(redis.sync().get(prefix + "msg-1")).as("the timed-out claim reached Redis").contains(mine.token());

            slow.delayReplies(Duration.ZERO);
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> store.claim("msg-1", mine).isEmpty());
            assertThat(store.claim("msg-1", RedisSentStoreIT.claim())).contains(mine);
        }
    }

    /** The delivery whose claim could not be settled is handed back, and leaves no claim that blocks the next one. */
    @Test
    void aDeliveryHandedBackAfterClaimTimeoutsLeavesTheIdFreeForTheNext() {
        try (TcpProxy slow = new TcpProxy("127.0.0.1", 6379);
             RedisSentStore store = new RedisSentStore(properties(slow, Duration.ofMinutes(1)), json)) {
            SendDeduplication deduplication = deduplication(store, Duration.ofMinutes(1));
            InFlight first = RedisSentStoreIT.claim();
            store.claim("msg-0", first);
            slow.delayReplies(CLIENT_TIMEOUT.multipliedBy(3));

            assertThatThrownBy(() -> deduplication.claim(context("msg-1"), REQUEST))
                    .isInstanceOf(SentRecordUnavailableException.class);

            slow.delayReplies(Duration.ZERO);
            // The release went out behind the claims: once Redis has answered them all, the id is free.
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().get(prefix + "msg-1") == null);
            // The late answers still in the proxy are through once the store answers in time again.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> store.claim("msg-0", first).isEmpty());
            assertThat(deduplication.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.Held.class);
        }
    }

    /**
     * A worker holds a claim through a hold several claim timeouts long (renewed), and when it dies (its
     * heartbeat stops, as with SIGKILL) the claim lapses one claim timeout later instead of blocking the id.
     */
    @Test
    void aLiveWorkersClaimIsRenewedAndADeadWorkersClaimLapsesSoon() {
        Duration claimTimeout = Duration.ofMillis(1500);
        try (RedisSentStore first = new RedisSentStore(properties(null, claimTimeout), json);
             RedisSentStore second = new RedisSentStore(properties(null, claimTimeout), json)) {
            ClaimLeases leases = new ClaimLeases(first, properties(null, claimTimeout), meters);
            SendDeduplication sender = new SendDeduplication(first, leases, new DedupRequirement(DedupProperties.Store.REDIS, null),
                    properties(null, claimTimeout), meters, CLOCK);
            SendDeduplication other = deduplication(second, claimTimeout);
            leases.start();
            try {
                assertThat(sender.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.Held.class);
                long firstExpiry = expiresAt("msg-1");
                // Renewed past three claim timeouts: still held, its expiry moved on each time.
                await().atMost(Duration.ofSeconds(20)).until(() -> expiresAt("msg-1") > firstExpiry + 3 * claimTimeout.toMillis());
                assertThat(other.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.InProgress.class);
                assertThat(leases.confirm("msg-1")).isEqualTo(ClaimCheck.Standing.HELD);
            } finally {
                leases.stop();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> other.claim(context("msg-1"), REQUEST) instanceof Claim.Held);
            assertThat(meters.find("sms.dedup.claims.lost").counter()).isNull();
        }
    }

    @Test
    void aClaimThatLapsedIsReportedLostAndNeverRenewedForAnother() {
        Duration claimTimeout = Duration.ofMillis(1500);
        try (RedisSentStore store = new RedisSentStore(properties(null, claimTimeout), json)) {
            ClaimLeases leases = new ClaimLeases(store, properties(null, claimTimeout), meters);
            SendDeduplication sender = new SendDeduplication(store, leases, new DedupRequirement(DedupProperties.Store.REDIS, null),
                    properties(null, claimTimeout), meters, CLOCK);
            assertThat(sender.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.Held.class);
            redis.sync().del(prefix + "msg-1"); // lapsed while the store was away
            InFlight another = RedisSentStoreIT.claim();
            assertThat(store.claim("msg-1", another)).isEmpty();

            assertThat(leases.confirm("msg-1")).isEqualTo(ClaimCheck.Standing.LOST);
            assertThat(redis.sync().get(prefix + "msg-1")).contains(another.token());
            assertThat(meters.get("sms.dedup.claims.lost").counter().count()).isEqualTo(1.0);
        }
    }

    private long expiresAt(String messageId) {
        Long at = redis.sync().pexpiretime(prefix + messageId);
        return at == null ? -1 : at;
    }

    SendDeduplication deduplication(SentStore store, Duration claimTimeout) {
        DedupProperties properties = properties(null, claimTimeout);
        return new SendDeduplication(store, new ClaimLeases(store, properties, meters),
                new DedupRequirement(DedupProperties.Store.REDIS, null), properties, meters, CLOCK);
    }

    /** Through {@code proxy} when given, with a short claim wait so an id in progress is reported at once. */
    DedupProperties properties(TcpProxy proxy, Duration claimTimeout) {
        String uri = proxy == null ? REDIS : "redis://" + proxy.address();
        return new DedupProperties(DedupProperties.Store.REDIS, Duration.ofHours(1), 1, claimTimeout, Duration.ofMillis(100),
                Duration.ofMinutes(30), new DedupProperties.Redis(uri, prefix, CLIENT_TIMEOUT));
    }
}
