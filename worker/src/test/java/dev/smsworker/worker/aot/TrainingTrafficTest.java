package dev.smsworker.worker.aot;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.smsworker.worker.encoding.Segments;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training traffic must reach the provider, request after request: a number the worker refused (invalid, or sent
 * to before, which a guard rule may hold) would train the refusal path instead and stall the training start.
 */
class TrainingTrafficTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void everyRequestOfATrainingGoesToAValidMobileNumberOfItsOwn() throws Exception {
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String number = TrainingTraffic.number(i);
            Phonenumber.PhoneNumber parsed = PHONES.parse(number, null);
            assertThat(PHONES.isValidNumber(parsed)).as(number).isTrue();
            assertThat(PHONES.getNumberType(parsed)).as(number).isEqualTo(PhoneNumberUtil.PhoneNumberType.MOBILE);
            assertThat(numbers.add(number)).as("%s twice", number).isTrue();
        }
        assertThat(IntStream.range(0, 20_000).mapToObj(TrainingTraffic::number).map(n -> n.substring(0, 3)).distinct())
                .containsExactlyInAnyOrder("+47", "+46");
    }

    @Test
    void theBodiesCoverBothEncodingsAndMoreThanOneSegment() {
        Set<Segments.Encoding> encodings = new HashSet<>();
        int mostSegments = 0;
        for (int i = 0; i < TrainingTraffic.bodies().size(); i++) {
            Segments segments = Segments.of(TrainingTraffic.body(i));
            encodings.add(segments.encoding());
            mostSegments = Math.max(mostSegments, segments.segments());
        }
        assertThat(encodings).containsExactlyInAnyOrder(Segments.Encoding.values());
        assertThat(mostSegments).isGreaterThan(1);
    }
}
