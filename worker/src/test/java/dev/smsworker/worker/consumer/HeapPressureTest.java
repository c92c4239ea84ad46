package dev.smsworker.worker.consumer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeapPressureTest {

    @Test
    void pressedTakesLongPausesAndAFullOldGenerationTogether() {
        assertThat(new HeapPressure(0.25, 0.8).pressed()).isTrue();
        assertThat(new HeapPressure(0.25, 0.1).pressed()).as("pauses in a roomy heap").isFalse();
        assertThat(new HeapPressure(0.01, 0.9).pressed()).as("a full heap collected cheaply").isFalse();
        assertThat(HeapPressure.NONE.pressed()).isFalse();
        assertThat(HeapPressure.NONE.calm()).isTrue();
    }

    @Test
    void thisJvmsOldGenerationReadsAsAShareAndRisesWhenALiveSetOutlivesAFullCollection() {
        System.gc();
        double before = HeapPressure.oldLiveOfThisJvm().getAsDouble();
        assertThat(before).isBetween(0.0, 1.0);
        // 4% of the heap kept live through a full collection: it ends up in the old generation's after-collection figure.
        long chunk = Math.max(1, Runtime.getRuntime().maxMemory() / 50);
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            kept.add(new byte[(int) Math.min(Integer.MAX_VALUE - 16, chunk)]);
        }
        System.gc();
        double after = HeapPressure.oldLiveOfThisJvm().getAsDouble();
        assertThat(kept).hasSize(2);
        assertThat(after).isBetween(0.0, 1.0).isGreaterThan(before);
    }
}
