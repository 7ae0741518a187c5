package org.dkimpack.core.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageReader;
import org.dkimpack.core.support.TestResources;
import org.dkimpack.core.tag.TagList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ed25519 and RSASSA-PKCS1-v1_5 are deterministic: given a published signature's own tags
 * with {@code b=} emptied, and the published private key, the signer must re-create the
 * published {@code b=} byte for byte, and the published {@code bh=} from the unsigned body.
 */
class SignerKnownAnswerTest {

    /** {signed message, unsigned message, signature index, key}. */
    static Stream<Arguments> publishedSignatures() {
        return Stream.of(
                Arguments.of("vectors/rfc8463/signed.eml", "vectors/rfc8463/unsigned.eml", 0,
                        "vectors/rfc8463/ed25519.pem"),
                Arguments.of("vectors/rfc8463/signed.eml", "vectors/rfc8463/unsigned.eml", 1,
                        "vectors/rfc8463/rsa.pem"),
                Arguments.of("vectors/third-party/gomsgauth-sign-rsa.eml",
                        "vectors/third-party/gomsgauth-unsigned.eml", 0,
                        "vectors/third-party/keys/rfc6376-appC-rsa.pkcs1.pem"),
                Arguments.of("vectors/third-party/gomsgauth-sign-ed25519.eml",
                        "vectors/third-party/gomsgauth-unsigned.eml", 0,
                        "vectors/third-party/keys/rfc8463-ed25519.pem"));
    }

    @ParameterizedTest(name = "{0} #{2}")
    @MethodSource("publishedSignatures")
    void signatureValueShouldReproduceThePublishedSignature(String signed, String unsigned,
            int index, String keyFile) throws Exception {
        HeaderField published = signatureFields(signed).get(index);
        TagList tags = TagList.parse(published.value());
        SigningKey key = PrivateKeyLoader.load(TestResources.path(keyFile));
        List<HeaderField> unsignedHeaders = MessageReader.of(
                new ByteArrayInputStream(TestResources.bytes(unsigned))).headerFields();
        String template = published.name() + ":" + TagList.withEmptyValue(published.value(), "b");

        String signature = DkimSigner.signatureValue(unsignedHeaders, names(tags.get("h").get()),
                template, key, SignatureAlgorithm.fromTagValue(tags.get("a").get()).get(),
                CanonicalizationPair.fromTagValue(tags.get("c").get()).get().header());

        assertThat(signature).isEqualTo(TagList.removeWhitespace(tags.get("b").get()));
    }

    @ParameterizedTest(name = "{0} #{2}")
    @MethodSource("publishedSignatures")
    void signerShouldReproduceThePublishedBodyHash(String signed, String unsigned, int index,
            String keyFile) throws Exception {
        TagList tags = TagList.parse(signatureFields(signed).get(index).value());
        SigningKey key = PrivateKeyLoader.load(TestResources.path(keyFile));
        SignatureSpec spec = SignatureSpec.builder(key, tags.get("d").get(), tags.get("s").get())
                .canonicalization(CanonicalizationPair.fromTagValue(tags.get("c").get()).get())
                .build();

        String field = new DkimSigner(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .sign(new ByteArrayInputStream(TestResources.bytes(unsigned)), spec);

        String bodyHash = TagList.parse(HeaderField.of(field).value()).get("bh").get();
        assertThat(bodyHash).isEqualTo(tags.get("bh").get());
    }

    private static List<HeaderField> signatureFields(String resource) throws Exception {
        List<HeaderField> result = new ArrayList<>();
        for (HeaderField field : MessageReader.of(
                new ByteArrayInputStream(TestResources.bytes(resource))).headerFields()) {
            if (field.hasName("DKIM-Signature")) {
                result.add(field);
            }
        }
        return result;
    }

    private static List<String> names(String headerList) {
        return Arrays.stream(headerList.split(":")).map(TagList::removeWhitespace)
                .collect(Collectors.toList());
    }
}
