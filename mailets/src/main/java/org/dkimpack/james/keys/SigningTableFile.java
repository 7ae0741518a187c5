package org.dkimpack.james.keys;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dkimpack.core.DomainNames;
import org.dkimpack.core.SignatureAlgorithm;

/**
 * A key table read from a signing table file, one key a line:
 *
 * <pre>
 * # domain-pattern   selector   key-file                    [algorithm]
 * example.com        s2024      example.com/s2024.pem
 * example.com        ed2024     example.com/ed2024.pem      ed25519-sha256
 * *.example.org      mail       /etc/james/dkim/org.pem     rsa-sha256
 * </pre>
 *
 * <ul>
 * <li>Fields are separated by spaces or tabs; a key file name cannot contain either.</li>
 * <li>{@code #} starts a comment, at the start of a line or after a space; blank lines are
 *     ignored. The file is UTF-8.</li>
 * <li>The domain pattern is a domain ({@code example.com}) or {@code *.} and a domain, for
 *     all its sub-domains, signed as {@code d=} that domain. Case does not matter.</li>
 * <li>A relative key file is taken from the folder of the signing table.</li>
 * <li>The algorithm is {@code rsa-sha256} or {@code ed25519-sha256}; without it, the key's
 *     type decides. {@code rsa-sha1} is refused (RFC 8301 §3.1).</li>
 * <li>Several lines for one domain give several signatures; the same domain and selector twice
 *     is an error.</li>
 * </ul>
 */
final class SigningTableFile implements KeySource {
    /** A run of base64 longer than any domain, selector or file name would be. */
    private static final Pattern KEY_DATA = Pattern.compile("[A-Za-z0-9+/=]{40,}");

    static final String EXPECTED = "expected 'domain selector keyfile [algorithm]'";

    private final Path file;

    SigningTableFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public KeyTable read() throws KeyConfigurationException {
        List<String> lines = readLines();
        Path folder = file.getParent();
        List<KeyTableEntry> entries = new ArrayList<>();
        Map<String, Integer> definedOn = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String content = withoutComment(lines.get(i)).strip();
            if (content.isEmpty()) {
                continue;
            }
            KeyTableEntry entry = parseLine(content, lineNumber, folder);
            String key = entry.domainPattern() + " " + entry.selector();
            Integer previous = definedOn.putIfAbsent(key, lineNumber);
            if (previous != null) {
                throw lineError(lineNumber, "domain " + entry.domainPattern() + " selector "
                        + entry.selector() + " is already defined on line " + previous);
            }
            entries.add(entry);
        }
        return KeyTable.of(entries);
    }

    @Override
    public String describe() {
        return "signing table " + file;
    }

    private List<String> readLines() throws KeyConfigurationException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyConfigurationException(describe() + ": file not found", e);
        } catch (MalformedInputException e) {
            throw new KeyConfigurationException(describe() + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new KeyConfigurationException(describe() + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * The line as an error message may show it. A key pasted into the table (or a key file
     * given as the table) must not reach the log, so PEM armour and base64 runs are
     * described rather than quoted.
     */
    private static String shown(String content) {
        if (content.contains("-----") || KEY_DATA.matcher(content).find()) {
            return "a line that looks like private key data (not shown; is a key file pasted"
                    + " into the table, or given as the table?)";
        }
        return "'" + (content.length() > 80 ? content.substring(0, 80) + "..." : content) + "'";
    }

    private KeyTableEntry parseLine(String content, int lineNumber, Path folder)
            throws KeyConfigurationException {
        String[] fields = content.split("[ \t]+");
        if (fields.length < 3 || fields.length > 4) {
            throw lineError(lineNumber, EXPECTED + ", got " + shown(content));
        }

        String pattern = fields[0].toLowerCase(Locale.ROOT);
        String domain = KeyTableEntry.isWildcard(pattern) ? pattern.substring(2) : pattern;
        if (!DomainNames.isDomainName(domain)) {
            throw lineError(lineNumber, "'" + fields[0] + "' is not a domain name or a"
                    + " *.domain pattern");
        }
        String selector = fields[1];
        if (!DomainNames.isDomainName(selector)) {
            throw lineError(lineNumber, "'" + selector + "' is not a valid selector (letters,"
                    + " digits, hyphens, dots between labels)");
        }
        Path keyFile;
        try {
            keyFile = folder.resolve(fields[2]);
        } catch (InvalidPathException e) {
            throw lineError(lineNumber, "'" + fields[2] + "' is not a file name");
        }
        SignatureAlgorithm algorithm = null;
        if (fields.length == 4) {
            algorithm = parseAlgorithm(fields[3], lineNumber);
        }
        return new KeyTableEntry(pattern, selector, keyFile, algorithm,
                describe() + " line " + lineNumber);
    }

    private SignatureAlgorithm parseAlgorithm(String text, int lineNumber)
            throws KeyConfigurationException {
        Optional<SignatureAlgorithm> algorithm = SignatureAlgorithm.fromTagValue(text);
        if (algorithm.isEmpty()) {
            throw lineError(lineNumber, "unknown algorithm '" + text
                    + "'; expected rsa-sha256 or ed25519-sha256");
        }
        if (!algorithm.get().isAccepted()) {
            throw lineError(lineNumber, text + " must not be used to sign (RFC 8301 §3.1);"
                    + " expected rsa-sha256 or ed25519-sha256");
        }
        return algorithm.get();
    }

    private KeyConfigurationException lineError(int lineNumber, String message) {
        return new KeyConfigurationException(describe() + " line " + lineNumber + ": " + message);
    }

    /** Drops a comment: {@code #} at the start of the line or after a space or tab. */
    static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
