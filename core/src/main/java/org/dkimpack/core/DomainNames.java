package org.dkimpack.core;

import java.util.Locale;

/** Checks on the domain names DKIM writes in {@code d=}, {@code s=} and {@code i=}. */
public final class DomainNames {

    private DomainNames() {
    }

    /**
     * Whether a name is a valid DNS name of letters, digits, hyphens and underscores, dots
     * between labels of 1 to 63 characters that neither start nor end with a hyphen, 253
     * characters at most (RFC 6376 §3.5 and RFC 1035). Underscores are allowed because
     * selectors and their zones use them.
     */
    public static boolean isDomainName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-")
                || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Returns the name if valid, or throws naming what it was for. */
    public static String requireDomain(String what, String name) {
        if (!isDomainName(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid domain name");
        }
        return name;
    }

    /** Whether {@code name} is {@code domain} or a sub-domain of it, ignoring case. */
    public static boolean isWithin(String name, String domain) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        String lowerDomain = domain.toLowerCase(Locale.ROOT);
        return lowerName.equals(lowerDomain) || lowerName.endsWith("." + lowerDomain);
    }
}
