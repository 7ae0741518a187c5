package org.dkimpack.james;

import org.dkimpack.core.dns.KeyRecordResolver;

/**
 * What the benchmarks need of the mailets beyond their configuration: DkimVerify asking a
 * static table of key records instead of DNS, through the hook its own tests use.
 */
public final class BenchmarkAccess {
    private BenchmarkAccess() {
    }

    /** Makes the mailet look key records up in {@code resolver}; call before {@code init}. */
    public static void useResolver(DkimVerify mailet, KeyRecordResolver resolver) {
        mailet.useResolver(resolver);
    }
}
