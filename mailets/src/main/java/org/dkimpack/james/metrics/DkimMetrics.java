package org.dkimpack.james.metrics;

/**
 * Counters and timers of the mailets. Inside James they are James's own metrics (see
 * {@link JamesMetrics}), published with the server's other metrics; elsewhere, as in the
 * mailet test kit, they count nothing.
 */
public interface DkimMetrics {

    /** Metrics that record nothing. */
    DkimMetrics NONE = new DkimMetrics() {
        @Override
        public void increment(String name) {
            // Nothing to record.
        }

        @Override
        public Timer startTimer(String name) {
            return () -> { };
        }
    };

    /** Adds one to a counter. */
    void increment(String name);

    /** Starts timing something; {@link Timer#stop()} records the time taken. */
    Timer startTimer(String name);

    /** A running measurement of time. */
    interface Timer extends AutoCloseable {
        void stop();

        @Override
        default void close() {
            stop();
        }
    }
}
