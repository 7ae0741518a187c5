package org.dkimpack.core.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordException;

/**
 * Key records already parsed, by their text, the most recently used kept. Most mail comes
 * from few selectors, and decoding an RSA public key from its SubjectPublicKeyInfo costs a
 * good part of a small message's verification. Keyed by the whole text, so a changed record
 * is parsed anew; how long a record is believed stays the resolver's business.
 */
final class ParsedKeyRecords {
    private final Map<String, KeyRecord> records;

    ParsedKeyRecords(int capacity) {
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KeyRecord> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The record parsed from {@code text}; a record that does not parse is not kept. */
    KeyRecord parse(String text) throws KeyRecordException {
        synchronized (records) {
            KeyRecord known = records.get(text);
            if (known != null) {
                return known;
            }
        }
        KeyRecord parsed = KeyRecord.parse(text);
        synchronized (records) {
            records.put(text, parsed);
        }
        return parsed;
    }

    int size() {
        synchronized (records) {
            return records.size();
        }
    }
}
