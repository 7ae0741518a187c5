package org.dkimpack.core.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.support.TestResources;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;

/**
 * What the verifier fuzz tests share: a fixed clock, the static key table, and the
 * signatures known to be genuine.
 *
 * <p>The key table holds the records of the hostile corpus ({@code hostile/records.txt},
 * where a name that is not listed has no record), the RFC 8463 records, and
 * {@code records.txt} next to the fuzz inputs, with broken records the corpus lacks.
 *
 * <p>The genuine signatures are the {@code b=} values that pass on the message they came
 * with, among the messages under {@code hostile/} and {@code vectors/}, which the fuzz seeds
 * are taken from. The fuzzer cannot compute a valid signature, so any signature that passes
 * on fuzzed input must carry one of them: anything else would be a forgery let through.
 */
final class Fixtures {
    /** The clock of the hostile corpus: its signatures are valid then. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    static final String AUTHSERV_ID = "mx.example.org";

    private static final KeyRecordResolver RESOLVER = loadResolver();
    private static final Set<String> GENUINE_SIGNATURES = loadGenuineSignatures();

    private Fixtures() {
    }

    static KeyRecordResolver resolver() {
        return RESOLVER;
    }

    static VerifierOptions.Builder options() {
        return VerifierOptions.builder().clock(CLOCK);
    }

    /** Whether these are the bytes of a {@code b=} value found in the test messages. */
    static boolean isGenuineSignature(byte[] signature) {
        return GENUINE_SIGNATURES.contains(Base64.getEncoder().encodeToString(signature));
    }

    /** The messages under a test resource folder, by file name. */
    static List<Path> messages(String folder) {
        try (Stream<Path> files = Files.walk(TestResources.path(folder))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyRecordResolver loadResolver() {
        try {
            return StaticKeyRecordResolver.builder()
                    .addRecordsFile(TestResources.path("hostile/records.txt"))
                    .addRecordsFile(TestResources.path("vectors/third-party/rfc8463.records"))
                    .addRecordsFile(TestResources.path("org/dkimpack/core/fuzz/records.txt"))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> loadGenuineSignatures() {
        Set<String> signatures = new HashSet<>();
        for (String folder : List.of("hostile", "vectors")) {
            for (Path message : messages(folder)) {
                byte[] bytes;
                VerificationResult result;
                try {
                    bytes = Files.readAllBytes(message);
                    result = new DkimVerifier(RESOLVER, options().build())
                            .verify(new ByteArrayInputStream(bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<String> fields = HeaderBlock.read(bytes).signatureFields();
                if (fields.size() != result.signatures().size()) {
                    throw new IllegalStateException(message + ": " + fields.size()
                            + " signature fields but " + result.signatures().size()
                            + " results");
                }
                for (int i = 0; i < result.signatures().size(); i++) {
                    if (result.signatures().get(i).result() == DkimResult.PASS) {
                        HeaderBlock.tag(HeaderBlock.value(fields.get(i)), "b")
                                .flatMap(HeaderBlock::base64)
                                .ifPresent(b -> signatures.add(Base64.getEncoder()
                                        .encodeToString(b)));
                    }
                }
            }
        }
        return signatures;
    }
}
