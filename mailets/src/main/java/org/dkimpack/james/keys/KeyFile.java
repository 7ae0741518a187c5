package org.dkimpack.james.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private key file, read again when it changes on disk: a new key can be put in place (best
 * written beside the old one, then renamed over it) without restarting James.
 *
 * <p>Whether the file changed is told by its modification time, size and file key (inode),
 * looked at most once per check interval. A file that has gone or that no longer holds a
 * usable key makes {@link #key()} throw until it is put right; the old key is not used in
 * the meantime, since the operator meant to replace it.
 *
 * <p>A key file that its group or others may read gets a warning, once per file: the private
 * key is what lets anyone sign as the domain. Thread-safe.
 */
public final class KeyFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path path;
    private final Duration checkInterval;
    private final Clock clock;
    private Instant lastCheck;
    private Stamp stamp;
    private SigningKey key;
    private KeyLoadException failure;
    private boolean permissionsWarned;

    public KeyFile(Path path, Duration checkInterval, Clock clock) {
        this.path = path.toAbsolutePath().normalize();
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path path() {
        return path;
    }

    /**
     * The key, read again first when the file changed since it was last read.
     *
     * @throws KeyLoadException naming the file when it is missing or holds no usable key
     */
    public synchronized SigningKey key() throws KeyLoadException {
        Instant now = clock.instant();
        if (lastCheck == null || !now.isBefore(lastCheck.plus(checkInterval))) {
            lastCheck = now;
            Stamp current = Stamp.of(path);
            if (stamp == null || !stamp.equals(current)) {
                boolean first = stamp == null;
                stamp = current;
                load(first);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return key;
    }

    private void load(boolean first) {
        try {
            SigningKey loaded = PrivateKeyLoader.load(path);
            loaded.checkUsableForSigning();
            key = loaded;
            failure = null;
            warnAboutPermissions();
            if (loaded.isWeak()) {
                LOGGER.warn("DKIM key {} is RSA with {} bits; RFC 8301 §3.2 advises at least"
                        + " 2048", path, loaded.bits());
            }
            if (!first) {
                LOGGER.info("DKIM key {} changed on disk and was read again ({}, {} bits)",
                        path, loaded.keyType().tagValue(), loaded.bits());
            }
        } catch (KeyLoadException e) {
            key = null;
            failure = e;
        }
    }

    private void warnAboutPermissions() {
        if (permissionsWarned) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path,
                PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            permissions.retainAll(TOO_OPEN);
            if (!permissions.isEmpty()) {
                permissionsWarned = true;
                LOGGER.warn("DKIM key {} may be read by {}; a private key should be readable by"
                        + " James's user only (chmod 600)", path,
                        permissions.contains(PosixFilePermission.OTHERS_READ)
                                ? "any user" : "its group");
            }
        } catch (IOException e) {
            LOGGER.debug("cannot read the permissions of {}", path, e);
        }
    }

    /** What tells a changed file: modification time, size and identity; null attributes if gone. */
    private static final class Stamp {
        private final Object modified;
        private final long size;
        private final Object fileKey;

        private Stamp(Object modified, long size, Object fileKey) {
            this.modified = modified;
            this.size = size;
            this.fileKey = fileKey;
        }

        static Stamp of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path,
                        BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(),
                        attributes.fileKey());
            } catch (NoSuchFileException e) {
                return new Stamp(null, -1, null);
            } catch (IOException e) {
                return new Stamp(e.toString(), -1, null);
            }
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Stamp)) {
                return false;
            }
            Stamp that = (Stamp) other;
            return Objects.equals(modified, that.modified) && size == that.size
                    && Objects.equals(fileKey, that.fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, fileKey);
        }
    }
}
