package org.dkimpack.james.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which keys sign for which sender domain: the entries of a key directory or a signing table.
 * Immutable.
 *
 * <p>{@link #lookup(String, boolean)} finds the keys for a sender domain in this order:
 * <ol>
 * <li>the entries for exactly that domain;</li>
 * <li>going up one parent at a time, nearest first: the wildcard entries of that parent
 *     ({@code *.example.com}), then, when parent keys are allowed, the exact entries of that
 *     parent ({@code example.com}).</li>
 * </ol>
 * The first that has entries wins, and its entries are all used: several entries, several
 * signatures. A wildcard never matches the domain itself: {@code *.example.com} does not match
 * {@code example.com}.
 */
public final class KeyTable {
    private static final KeyTable EMPTY = new KeyTable(List.of());

    private final List<KeyTableEntry> entries;
    private final Map<String, List<KeyTableEntry>> exact;
    private final Map<String, List<KeyTableEntry>> wildcard;

    private KeyTable(List<KeyTableEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, List<KeyTableEntry>> exactEntries = new LinkedHashMap<>();
        Map<String, List<KeyTableEntry>> wildcardEntries = new LinkedHashMap<>();
        for (KeyTableEntry entry : entries) {
            Map<String, List<KeyTableEntry>> target = entry.isWildcard()
                    ? wildcardEntries
                    : exactEntries;
            target.computeIfAbsent(entry.signingDomain(), unused -> new ArrayList<>()).add(entry);
        }
        this.exact = freeze(exactEntries);
        this.wildcard = freeze(wildcardEntries);
    }

    public static KeyTable of(List<KeyTableEntry> entries) {
        return new KeyTable(entries);
    }

    public static KeyTable empty() {
        return EMPTY;
    }

    /** Every entry, in the order configured. */
    public List<KeyTableEntry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** How many distinct domain patterns have keys. */
    public int domainCount() {
        return exact.size() + wildcard.size();
    }

    /**
     * The keys that sign for a sender domain.
     *
     * @param senderDomain the domain of the {@code From:} address
     * @param useParentDomainKey whether a sub-domain without entries of its own may use the
     *     exact entries of a parent domain
     */
    public Optional<Match> lookup(String senderDomain, boolean useParentDomainKey) {
        String domain = senderDomain.toLowerCase(Locale.ROOT);
        List<KeyTableEntry> own = exact.get(domain);
        if (own != null) {
            return Optional.of(new Match(domain, own, false));
        }
        for (String parent = parentOf(domain); parent != null; parent = parentOf(parent)) {
            List<KeyTableEntry> forSubDomains = wildcard.get(parent);
            if (forSubDomains != null) {
                return Optional.of(new Match(parent, forSubDomains, true));
            }
            List<KeyTableEntry> parents = exact.get(parent);
            if (useParentDomainKey && parents != null) {
                return Optional.of(new Match(parent, parents, true));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyTable && entries.equals(((KeyTable) other).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "KeyTable" + entries;
    }

    private static String parentOf(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }

    private static Map<String, List<KeyTableEntry>> freeze(Map<String, List<KeyTableEntry>> map) {
        Map<String, List<KeyTableEntry>> copy = new LinkedHashMap<>();
        map.forEach((domain, list) -> copy.put(domain, List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }

    /** The keys found for a sender domain, and the domain they sign as ({@code d=}). */
    public static final class Match {
        private final String signingDomain;
        private final List<KeyTableEntry> entries;
        private final boolean inherited;

        Match(String signingDomain, List<KeyTableEntry> entries, boolean inherited) {
            this.signingDomain = signingDomain;
            this.entries = entries;
            this.inherited = inherited;
        }

        /** The {@code d=} of the signatures. */
        public String signingDomain() {
            return signingDomain;
        }

        public List<KeyTableEntry> entries() {
            return entries;
        }

        /** Whether the keys are those of a parent domain (a wildcard or parent entry). */
        public boolean inherited() {
            return inherited;
        }
    }
}
