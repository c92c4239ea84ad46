package dev.smsworker.bench.fuzz;

import dev.smsworker.testing.WorkerProcess;

import java.time.Duration;

/** Samples the worker's RSS and readiness every 250 ms while the run is on. */
final class Sampler implements Runnable {

    private final WorkerProcess worker;
    private final long baselineKib;
    private volatile long maxKib;
    private volatile long lastKib;
    private volatile int samples;
    private volatile int notReady;

    private final Duration readiness;

    /** @param readiness how long the worker took to become ready, if it was just started */
    Sampler(WorkerProcess worker, Duration readiness) {
        this.worker = worker;
        this.baselineKib = worker.rssKib();
        this.readiness = readiness;
    }

    Duration readiness() {
        return readiness;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            long rss = worker.rssKib();
            if (rss > 0) {
                lastKib = rss;
                maxKib = Math.max(maxKib, rss);
            }
            if (!worker.ready()) {
                notReady++;
            }
            samples++;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long baselineMib() {
        return baselineKib / 1024;
    }

    long maxMib() {
        return maxKib / 1024;
    }

    long lastMib() {
        return lastKib / 1024;
    }

    int samples() {
        return samples;
    }

    int notReadySamples() {
        return notReady;
    }
}
