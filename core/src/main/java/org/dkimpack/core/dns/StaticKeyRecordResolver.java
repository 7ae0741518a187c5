package org.dkimpack.core.dns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Key records from a fixed table instead of DNS: for unit tests, and for checking a message
 * offline against a record given on the command line or in a records file.
 *
 * <pre>{@code
 * KeyRecordResolver dns = StaticKeyRecordResolver.builder()
 *         .add("s1._domainkey.example.com", "v=DKIM1; k=ed25519; p=...")
 *         .strict()
 *         .build();
 * }</pre>
 *
 * <p>Names are compared without regard to case and to a trailing dot, as DNS compares them.
 * Each value is one TXT record, already joined. A name given several times has several
 * records, in the order given.
 *
 * <p>A name that is not in the table is treated like NXDOMAIN (an empty list), unless the
 * resolver is {@linkplain Builder#strict() strict}: then it throws an
 * {@link IllegalStateException}, so that a test asking for a name it forgot to set up fails
 * loudly instead of passing as "no key". A strict test that wants NXDOMAIN says so with
 * {@link Builder#addNxdomain(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class StaticKeyRecordResolver implements KeyRecordResolver {

    private final Map<String, List<String>> records;
    private final boolean strict;

    private StaticKeyRecordResolver(Map<String, List<String>> records, boolean strict) {
        this.records = records;
        this.strict = strict;
    }

    /** Starts an empty, lenient table. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A lenient table with the records of a key records file: lines {@code NAME<TAB>VALUE},
     * {@code #} comments, {@code @zone} lines (ignored); a VALUE in double quotes is
     * zone-file character-strings, joined.
     *
     * @throws IllegalArgumentException naming the file and line when a line is malformed
     */
    public static StaticKeyRecordResolver fromRecordsFile(Path file) throws IOException {
        return builder().addRecordsFile(file).build();
    }

    /**
     * The records at a name; empty when the name is unknown (lenient) or was added with
     * {@link Builder#addNxdomain(String)}.
     *
     * @throws IllegalStateException when the resolver is strict and the name is unknown
     */
    @Override
    public List<String> lookupTxt(String name) {
        List<String> found = records.get(normalize(name));
        if (found != null) {
            return found;
        }
        if (strict) {
            throw new IllegalStateException("no record configured for " + name
                    + "; known names: " + records.keySet());
        }
        return List.of();
    }

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name");
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Collects the table of a {@link StaticKeyRecordResolver}. */
    public static final class Builder {
        private final Map<String, List<String>> records = new LinkedHashMap<>();
        private final Set<String> nxdomains = new LinkedHashSet<>();
        private boolean strict;

        private Builder() {
        }

        /** Adds one TXT record at a name; call again with the same name for more. */
        public Builder add(String name, String record) {
            Objects.requireNonNull(record, "record");
            String key = checkedName(name);
            if (nxdomains.contains(key)) {
                throw new IllegalArgumentException(
                        "name " + name + " was declared NXDOMAIN; it cannot also have a record");
            }
            records.computeIfAbsent(key, unused -> new ArrayList<>()).add(record);
            return this;
        }

        /** Declares a name that does not exist, for a strict table. */
        public Builder addNxdomain(String name) {
            String key = checkedName(name);
            if (records.containsKey(key)) {
                throw new IllegalArgumentException(
                        "name " + name + " already has a record; it cannot also be NXDOMAIN");
            }
            nxdomains.add(key);
            return this;
        }

        /**
         * Adds the records of a key records file (see
         * {@link StaticKeyRecordResolver#fromRecordsFile(Path)}).
         */
        public Builder addRecordsFile(Path file) throws IOException {
            for (Map.Entry<String, String> entry : KeyRecordsFile.read(file)) {
                add(entry.getKey(), entry.getValue());
            }
            return this;
        }

        /** Makes unknown names throw instead of answering like NXDOMAIN. */
        public Builder strict() {
            this.strict = true;
            return this;
        }

        public StaticKeyRecordResolver build() {
            Map<String, List<String>> table = new LinkedHashMap<>();
            records.forEach((name, values) -> table.put(name, List.copyOf(values)));
            nxdomains.forEach(name -> table.put(name, List.of()));
            return new StaticKeyRecordResolver(Collections.unmodifiableMap(table), strict);
        }

        private static String checkedName(String name) {
            String key = normalize(name);
            if (key.isEmpty()) {
                throw new IllegalArgumentException(
                        "record name must not be empty, got '" + name + "'");
            }
            return key;
        }
    }
}
