package dev.smsworker.worker.guard;

import dev.smsworker.worker.pricing.PricingProperties;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.worker.encoding.Segments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's OTP sender configuration binds and means what its comments say. */
class ReadmeExampleTest {

    @Test
    void theOtpSendersExampleBindsAndRefusesWhatItSays() throws Exception {
        Binder binder = new Binder(ConfigurationPropertySources.from(example()));
        GuardProperties guard = binder.bind("sms.guard", GuardProperties.class).get();
        LimitsProperties limits = binder.bind("sms.limits", LimitsProperties.class).get();
        PricingProperties pricing = binder.bind("sms.pricing", PricingProperties.class).get();
        SpendProperties spend = binder.bind("sms.spend", SpendProperties.class).get();

        KindRules otp = KindRules.read(guard, limits).get(Kind.OTP);
        assertThat(otp.allow()).containsExactlyInAnyOrder("NO", "SE", "DK");
        assertThat(otp.countryCap("NO")).isEqualTo(new Rate(300, Duration.ofMinutes(1)));
        assertThat(otp.countryCap("SE")).isEqualTo(new Rate(50, Duration.ofMinutes(1)));
        assertThat(otp.recipientCap()).isEqualTo(new Rate(3, Duration.ofMinutes(10)));
        assertThat(otp.supersede()).isTrue();
        assertThat(otp.maxSegments()).isEqualTo(1);
        assertThat(new PriceTable(pricing).perSegment("twilio", "NO").orElseThrow()).isEqualByComparingTo("0.0712");
        assertThat(new PriceTable(pricing).perSegment("twilio", "FI").orElseThrow()).isEqualByComparingTo("0.08");
        assertThat(spend.caps()).containsOnlyKeys("marketing", "transactional");
        assertThat(spend.caps().get("marketing").atCap()).isEqualTo(SpendProperties.AtCap.HOLD);
        assertThat(spend.caps().get("transactional").atCap()).as("the default").isEqualTo(SpendProperties.AtCap.REFUSE);

        InMemoryGuardStore store = new InMemoryGuardStore(100);
        Guard built = new Guard(guard, limits, store, new SpendLedger(spend, store, Clock.systemUTC()),
                new SimpleMeterRegistry(), Clock.systemUTC());
        assertThat(built.check(new GuardedMessage("m-1", "+2348031234567", Kind.OTP, 1, Segments.of("1234"))))
                .map(Refusal::code).contains(RefusalCode.BLOCKED_COUNTRY);
    }

    static PropertySource<?> example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```yaml", readme.indexOf("An OTP sender's configuration")) + "```yaml".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("readme", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return sources.getFirst();
    }
}
