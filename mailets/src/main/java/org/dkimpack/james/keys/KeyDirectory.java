package org.dkimpack.james.keys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dkimpack.core.DomainNames;

/**
 * A key table read from a directory laid out as {@code dkimpack keygen} writes it:
 * {@code <dir>/<domain>/<selector>.pem}, one private key per file.
 *
 * <p>Folder names are the signing domains (compared in lower case), file names without
 * {@code .pem} the selectors. Hidden files and folders (a leading dot), files at the top level,
 * files that do not end in {@code .pem}, and public keys ({@code *.public.pem},
 * {@code *.pub.pem}) are ignored. A folder or file name that is not a valid domain name or
 * selector is an error, since it can only be a mistake.
 */
final class KeyDirectory implements KeySource {
    private static final String PEM = ".pem";

    private final Path directory;

    KeyDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public KeyTable read() throws KeyConfigurationException {
        if (!Files.isDirectory(directory)) {
            throw new KeyConfigurationException(describe()
                    + " does not exist or is not a directory");
        }
        String origin = describe();
        List<KeyTableEntry> entries = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path domainFolder : list(directory)) {
            String domain = domainFolder.getFileName().toString();
            if (isHidden(domain) || !Files.isDirectory(domainFolder)) {
                continue;
            }
            if (!DomainNames.isDomainName(domain)) {
                throw new KeyConfigurationException(origin + ": folder '" + domain
                        + "' is not a domain name; expected <dir>/<domain>/<selector>.pem");
            }
            for (Path keyFile : list(domainFolder)) {
                String fileName = keyFile.getFileName().toString();
                if (!isPrivateKeyFileName(fileName) || Files.isDirectory(keyFile)) {
                    continue;
                }
                String selector = fileName.substring(0, fileName.length() - PEM.length());
                if (!DomainNames.isDomainName(selector)) {
                    throw new KeyConfigurationException(origin + ": " + domain + "/" + fileName
                            + ": '" + selector + "' is not a valid selector (letters, digits,"
                            + " hyphens, dots between labels)");
                }
                KeyTableEntry entry = new KeyTableEntry(domain.toLowerCase(Locale.ROOT),
                        selector, keyFile, null, origin);
                Path other = seen.putIfAbsent(entry.domainPattern() + " " + entry.selector(),
                        keyFile);
                if (other != null) {
                    throw new KeyConfigurationException(origin + ": "
                            + directory.relativize(other) + " and "
                            + directory.relativize(keyFile)
                            + " name the same domain and selector; keep one");
                }
                entries.add(entry);
            }
        }
        return KeyTable.of(entries);
    }

    @Override
    public String describe() {
        return "key directory " + directory;
    }

    static boolean isPrivateKeyFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !isHidden(fileName) && lower.endsWith(PEM) && lower.length() > PEM.length()
                && !lower.endsWith(".public.pem") && !lower.endsWith(".pub.pem");
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    private List<Path> list(Path folder) throws KeyConfigurationException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            throw new KeyConfigurationException(describe() + ": cannot list " + folder + " ("
                    + e + ")", e);
        }
        children.sort(Comparator.comparing(path -> path.getFileName().toString()));
        return children;
    }
}
