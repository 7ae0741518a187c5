package org.dkimpack.it;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits of a sample's {@code mailetcontainer.xml} for a test: switching a processor, adding
 * parameters to a mailet, putting a mailet before or after another. Each edit fails when what
 * it looks for is not in the file exactly once, so that a sample changed later cannot make a
 * test silently run another configuration than it says.
 */
final class MailetContainerEdits {
    private MailetContainerEdits() {
    }

    /** Replaces a piece of text that must occur exactly once. */
    static UnaryOperator<String> replace(String target, String replacement) {
        return xml -> {
            int first = xml.indexOf(target);
            if (first < 0 || xml.indexOf(target, first + 1) >= 0) {
                throw new IllegalStateException("expected '" + target + "' once in"
                        + " mailetcontainer.xml, found it " + count(xml, target) + " times");
            }
            return xml.substring(0, first) + replacement + xml.substring(first + target.length());
        };
    }

    /**
     * One of the samples' one-line switches: the line {@code <processor>from</processor>}
     * becomes {@code <processor>to</processor>} (comments that quote it are left alone).
     */
    static UnaryOperator<String> switchProcessor(String from, String to) {
        return xml -> {
            Pattern line = Pattern.compile("(?m)^([ \\t]*)<processor>" + Pattern.quote(from)
                    + "</processor>[ \\t]*$");
            Matcher matcher = line.matcher(xml);
            if (!matcher.find()) {
                throw new IllegalStateException("no line <processor>" + from + "</processor>"
                        + " in mailetcontainer.xml");
            }
            int start = matcher.start();
            int end = matcher.end();
            String indent = matcher.group(1);
            if (matcher.find()) {
                throw new IllegalStateException("more than one line <processor>" + from
                        + "</processor> in mailetcontainer.xml; the switch would be ambiguous");
            }
            return xml.substring(0, start) + indent + "<processor>" + to + "</processor>"
                    + xml.substring(end);
        };
    }

    /** Adds parameter elements, such as {@code <dnsServers>...</dnsServers>}, to a mailet. */
    static UnaryOperator<String> addParameters(String mailetClass, String... parameters) {
        return xml -> {
            Matcher opening = openingTag(xml, mailetClass);
            String indent = opening.group(1) + "  ";
            StringBuilder added = new StringBuilder();
            for (String parameter : parameters) {
                added.append('\n').append(indent).append(parameter);
            }
            return xml.substring(0, opening.end()) + added + xml.substring(opening.end());
        };
    }

    /** Puts mailet elements right after the (only) mailet of the given class. */
    static UnaryOperator<String> insertAfterMailet(String mailetClass, String mailets) {
        return xml -> {
            Matcher opening = openingTag(xml, mailetClass);
            int closing = xml.indexOf("</mailet>", opening.end());
            if (closing < 0) {
                throw new IllegalStateException("the mailet " + mailetClass + " has no end tag");
            }
            int end = closing + "</mailet>".length();
            return xml.substring(0, end) + "\n" + indented(mailets, opening.group(1))
                    + xml.substring(end);
        };
    }

    /** Puts mailet elements right before the (only) mailet of the given class. */
    static UnaryOperator<String> insertBeforeMailet(String mailetClass, String mailets) {
        return xml -> {
            Matcher opening = openingTag(xml, mailetClass);
            int lineStart = opening.start(1);
            return xml.substring(0, lineStart) + indented(mailets, opening.group(1)) + "\n"
                    + xml.substring(lineStart);
        };
    }

    /** The opening tag of the one mailet of that class; group 1 is its indentation. */
    private static Matcher openingTag(String xml, String mailetClass) {
        Pattern pattern = Pattern.compile("(?m)^([ \\t]*)<mailet\\b[^>]*\\bclass=\""
                + Pattern.quote(mailetClass) + "\"[^>]*>");
        Matcher matcher = pattern.matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException("no mailet of class " + mailetClass
                    + " in mailetcontainer.xml");
        }
        int start = matcher.start();
        if (matcher.find()) {
            throw new IllegalStateException("more than one mailet of class " + mailetClass
                    + " in mailetcontainer.xml; the edit would be ambiguous");
        }
        matcher.find(start);
        return matcher;
    }

    private static String indented(String lines, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : lines.strip().split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(indent).append(line.stripTrailing());
        }
        return out.toString();
    }

    private static int count(String text, String target) {
        int count = 0;
        for (int at = text.indexOf(target); at >= 0; at = text.indexOf(target, at + 1)) {
            count++;
        }
        return count;
    }
}
