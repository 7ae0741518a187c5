package org.dkimpack.core.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dkimpack.core.canon.Canonicalization;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.junit.jupiter.params.provider.Arguments;

/** Test cases over messages, both key types and the whole simple/relaxed matrix. */
public final class SigningMatrix {
    /** The test keys signed with: one of each type. */
    public static final List<String> KEY_FILES = List.of("rsa-2048.pkcs8.pem", "ed25519.pem");

    private SigningMatrix() {
    }

    /** {message name, key file, canonicalization} for every combination. */
    public static Stream<Arguments> cases(List<String> messages) {
        List<Arguments> cases = new ArrayList<>();
        for (String message : messages) {
            for (String key : KEY_FILES) {
                for (Canonicalization header : Canonicalization.values()) {
                    for (Canonicalization body : Canonicalization.values()) {
                        cases.add(Arguments.of(message, key,
                                new CanonicalizationPair(header, body)));
                    }
                }
            }
        }
        return cases.stream();
    }
}
