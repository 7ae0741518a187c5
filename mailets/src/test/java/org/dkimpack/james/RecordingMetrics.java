package org.dkimpack.james;

import java.util.Map;
import java.util.TreeMap;

import org.dkimpack.james.metrics.DkimMetrics;

/** Metrics that remember what was counted and timed, for assertions. */
final class RecordingMetrics implements DkimMetrics {
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> timings = new TreeMap<>();

    @Override
    public synchronized void increment(String name) {
        counts.merge(name, 1, Integer::sum);
    }

    @Override
    public Timer startTimer(String name) {
        return () -> {
            synchronized (this) {
                timings.merge(name, 1, Integer::sum);
            }
        };
    }

    synchronized Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    synchronized Map<String, Integer> timings() {
        return new TreeMap<>(timings);
    }
}
