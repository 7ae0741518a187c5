package org.dkimpack.core.dns;

import java.util.List;

import org.dkimpack.core.TemporaryDkimException;

/**
 * Looks up the TXT records at a name, for DKIM key records
 * ({@code <selector>._domainkey.<domain>}). Implementations: {@link DnsKeyRecordResolver}
 * for real DNS, {@link StaticKeyRecordResolver} for tests and offline use.
 */
public interface KeyRecordResolver {

    /**
     * Returns the TXT records at a name, each with its character-strings joined without
     * separator (RFC 6376 §3.6.2.2).
     *
     * @param name the fully qualified name, without trailing dot
     * @return the records; empty when the name does not exist (NXDOMAIN) or has no TXT
     *     record, which a verifier reports as {@code permerror}
     * @throws TemporaryDkimException when DNS gave no usable answer (timeout, SERVFAIL,
     *     refusal), which a verifier reports as {@code temperror}
     */
    List<String> lookupTxt(String name) throws TemporaryDkimException;
}
