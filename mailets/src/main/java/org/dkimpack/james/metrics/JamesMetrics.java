package org.dkimpack.james.metrics;

import java.util.Objects;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;

/** {@link DkimMetrics} on James's {@link MetricFactory}. */
public final class JamesMetrics implements DkimMetrics {
    private final MetricFactory metricFactory;

    public JamesMetrics(MetricFactory metricFactory) {
        this.metricFactory = Objects.requireNonNull(metricFactory, "metricFactory");
    }

    /** James's metrics when James gives a factory, none otherwise. */
    public static DkimMetrics of(MetricFactory metricFactory) {
        return metricFactory == null ? NONE : new JamesMetrics(metricFactory);
    }

    @Override
    public void increment(String name) {
        metricFactory.generate(name).increment();
    }

    @Override
    public Timer startTimer(String name) {
        TimeMetric timeMetric = metricFactory.timer(name);
        return timeMetric::stopAndPublish;
    }
}
