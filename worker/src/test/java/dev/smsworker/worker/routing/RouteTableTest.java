package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.worker.pricing.PricingProperties;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.smsworker.worker.routing.Routing.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    static final String NORWAY = "+4791234567";
    static final String NORWAY_OTHER = "+4741234567";
    static final String SWEDEN = "+46701234567";
    static final String US = "+14155552671";

    final FakeSmsProvider twilio = new FakeSmsProvider("twilio");
    final FakeSmsProvider linkmobility = new FakeSmsProvider("linkmobility");
    final FakeSmsProvider vonage = new FakeSmsProvider("vonage");
    final Routing routing = new Routing().order("twilio", "vonage");

    /** {@code sms.routing.prefer=price} (issue 13): the route's providers cheapest first for the number's country. */
    @Test
    void preferPriceOrdersTheRoutesProvidersByTheirPriceForTheCountry() {
        PriceTable prices = new PriceTable(new PricingProperties("EUR", Map.of(
                "twilio", Map.of("NO", new BigDecimal("0.0712"), "default", new BigDecimal("0.0500")),
                "vonage", Map.of("NO", new BigDecimal("0.0480"), "default", new BigDecimal("0.0600")))));
        RoutingProperties properties = routing.properties();
        RoutingProperties byPrice = new RoutingProperties(properties.prefixes(), properties.countries(), properties.kinds(),
                properties.breaker(), properties.rateLimits(), properties.rateLimitWait(), properties.otpReservedShare(),
                properties.holdCheck(), RoutingProperties.Prefer.PRICE);
        RouteTable table = new RouteTable(new ProvidersProperties(List.of("linkmobility", "twilio", "vonage")), byPrice,
                Set.of("twilio", "vonage", "linkmobility"), prices);

        assertThat(table.routeFor(sms(NORWAY)).providers()).as("Norway: vonage is cheaper; linkmobility has no price, last")
                .containsExactly("vonage", "twilio", "linkmobility");
        assertThat(table.routeFor(sms(US)).providers()).as("elsewhere: the defaults, twilio cheaper")
                .containsExactly("twilio", "vonage", "linkmobility");
        RouteTable byOrder = new RouteTable(new ProvidersProperties(List.of("linkmobility", "twilio", "vonage")),
                properties, Set.of("twilio", "vonage", "linkmobility"), prices);
        assertThat(byOrder.routeFor(sms(NORWAY)).providers()).as("prefer=order, the default")
                .containsExactly("linkmobility", "twilio", "vonage");
    }

    @Test
    void aNorwegianNumberGoesToTheNorwegianRoute() {
        ProviderRouter router = routing.country("NO", "linkmobility", "twilio").build(twilio, linkmobility, vonage);

        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("linkmobility");
        assertThat(router.send(sms(US)).outcome().provider()).isEqualTo("twilio");
    }

    @Test
    void countryKeysAreCaseInsensitive() {
        ProviderRouter router = routing.country("no", "linkmobility").build(twilio, linkmobility, vonage);

        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("linkmobility");
    }

    @Test
    void theLongestPrefixWinsOverShorterOnesAndOverTheCountry() {
        ProviderRouter router = routing.prefix("47", "vonage").prefix("+4791", "twilio")
                .country("NO", "linkmobility").build(twilio, linkmobility, vonage);

        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("twilio");
        assertThat(router.send(sms(NORWAY_OTHER)).outcome().provider()).isEqualTo("vonage");
    }

    @Test
    void theCountryWinsOverTheKindAndTheKindOverTheDefault() {
        ProviderRouter router = routing.country("SE", "linkmobility").kind("otp", "vonage").build(twilio, linkmobility, vonage);

        assertThat(router.send(sms(SWEDEN, Kind.OTP)).outcome().provider()).isEqualTo("linkmobility");
        assertThat(router.send(sms(US, Kind.OTP)).outcome().provider()).isEqualTo("vonage");
        assertThat(router.send(sms(US, Kind.MARKETING)).outcome().provider()).isEqualTo("twilio");
    }

    @Test
    void aRouteFailsOverWithinItsOwnOrder() {
        linkmobility.failingRetryably("503");
        ProviderRouter router = routing.country("NO", "linkmobility", "vonage").build(twilio, linkmobility, vonage);

        RouteResult result = router.send(sms(NORWAY));

        assertThat(result.outcome().provider()).isEqualTo("vonage");
        assertThat(twilio.callCount()).isZero();
    }

    @Test
    void aRouteNamingAnUnconfiguredProviderStopsStartUp() {
        assertThatThrownBy(() -> routing.country("NO", "sinch").build(twilio, linkmobility, vonage))
                .hasMessageContaining("sms.routing.countries.NO names 'sinch', which is not configured");
    }

    @Test
    void anUnknownCountryStopsStartUp() {
        assertThatThrownBy(() -> routing.country("XX", "twilio").build(twilio, linkmobility, vonage))
                .hasMessageContaining("'XX' is not an ISO region");
    }

    @Test
    void aPrefixThatIsNotDigitsStopsStartUp() {
        assertThatThrownBy(() -> routing.prefix("+47a", "twilio").build(twilio, linkmobility, vonage))
                .hasMessageContaining("not an E.164 prefix");
    }

    @Test
    void anUnknownKindStopsStartUp() {
        assertThatThrownBy(() -> routing.kind("promo", "twilio").build(twilio, linkmobility, vonage))
                .hasMessageContaining("unknown kind 'promo'");
    }

    @Test
    void aRateLimitForAProviderNoRouteUsesStopsStartUp() {
        assertThatThrownBy(() -> routing.rateLimit("linkmobility", 5, java.time.Duration.ofSeconds(1)).build(twilio, linkmobility, vonage))
                .hasMessageContaining("sms.routing.rate-limits names 'linkmobility'");
    }
}
