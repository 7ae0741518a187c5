package org.dkimpack.core.sign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dkimpack.core.message.HeaderField;

/**
 * Which header fields a signature covers: the {@code h=} list for one message.
 *
 * <p>Each configured name present in the message is listed once per occurrence. Names that
 * are oversigned are listed once more than they occur (RFC 6376 §8.15), so that a field of
 * that name added after signing breaks the signature; {@code From} is always oversigned,
 * since a second {@code From} is the classic way to show a reader another sender.
 */
public final class SignedHeaderSelection {
    /** The default set: what a reader sees and what changes how the body is read. */
    public static final List<String> DEFAULT_HEADERS = Collections.unmodifiableList(Arrays.asList(
            "From", "Reply-To", "Subject", "Date", "To", "Cc", "Message-ID", "In-Reply-To",
            "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"));

    /** Signed as well by default: the {@code List-*} fields of mailing lists (RFC 2369). */
    public static final String LIST_PREFIX = "list-";

    private final List<String> names;
    private final boolean includeListFields;
    private final List<String> oversigned;

    private SignedHeaderSelection(List<String> names, boolean includeListFields,
            List<String> oversigned) {
        this.names = lowerCase(names);
        this.includeListFields = includeListFields;
        List<String> always = new ArrayList<>(lowerCase(oversigned));
        if (!always.contains("from")) {
            always.add("from");
        }
        this.oversigned = Collections.unmodifiableList(always);
    }

    /** The default set, {@code List-*} fields included, with {@code From} oversigned. */
    public static SignedHeaderSelection defaults() {
        return new SignedHeaderSelection(DEFAULT_HEADERS, true, List.of());
    }

    /** A given list of names, with {@code From} added when missing and oversigned. */
    public static SignedHeaderSelection of(List<String> names) {
        List<String> withFrom = new ArrayList<>(lowerCase(names));
        if (!withFrom.contains("from")) {
            withFrom.add(0, "from");
        }
        return new SignedHeaderSelection(withFrom, false, List.of());
    }

    /** The same selection with more names oversigned. */
    public SignedHeaderSelection withOversigned(List<String> moreNames) {
        List<String> all = new ArrayList<>(oversigned);
        all.addAll(moreNames);
        return new SignedHeaderSelection(names, includeListFields, all);
    }

    /** The {@code h=} names for a message with these fields, in lower case. */
    public List<String> select(List<HeaderField> headerFields) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : names) {
            counts.put(name, 0);
        }
        for (HeaderField field : headerFields) {
            String name = field.lowerCaseName();
            if (counts.containsKey(name)
                    || (includeListFields && name.startsWith(LIST_PREFIX))) {
                counts.merge(name, 1, Integer::sum);
            }
        }
        List<String> selected = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            int times = entry.getValue() + (oversigned.contains(entry.getKey()) ? 1 : 0);
            for (int i = 0; i < times; i++) {
                selected.add(entry.getKey());
            }
        }
        return selected;
    }

    /** RFC 5322 §3.6.8: printable ASCII but the colon. */
    private static boolean isFieldName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static List<String> lowerCase(List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (!isFieldName(trimmed)) {
                throw new IllegalArgumentException("invalid header field name '" + name + "'");
            }
            if (!result.contains(trimmed)) {
                result.add(trimmed);
            }
        }
        return result;
    }
}
