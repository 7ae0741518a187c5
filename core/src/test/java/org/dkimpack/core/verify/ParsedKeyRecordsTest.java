package org.dkimpack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordException;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;

class ParsedKeyRecordsTest {
    private static final String RSA = TestKeys.record("rsa-2048");
    private static final String ED25519 = TestKeys.record("ed25519");

    @Test
    void parseShouldGiveTheSameRecordForTheSameText() throws Exception {
        ParsedKeyRecords records = new ParsedKeyRecords(10);

        KeyRecord first = records.parse(RSA);
        KeyRecord second = records.parse(RSA);

        assertThat(second).isSameAs(first);
        assertThat(first.rsaPublicKey()).isEqualTo(KeyRecord.parse(RSA).rsaPublicKey());
    }

    @Test
    void aChangedTextShouldBeParsedAnew() throws Exception {
        ParsedKeyRecords records = new ParsedKeyRecords(10);

        KeyRecord live = records.parse(RSA);
        KeyRecord testing = records.parse(RSA + "; t=y");

        assertThat(live.isTesting()).isFalse();
        assertThat(testing.isTesting()).isTrue();
    }

    @Test
    void theLeastRecentlyUsedShouldGoPastTheCapacity() throws Exception {
        ParsedKeyRecords records = new ParsedKeyRecords(2);
        KeyRecord rsa = records.parse(RSA);
        records.parse(ED25519);
        records.parse(RSA);

        records.parse(RSA + "; n=third");

        assertThat(records.size()).isEqualTo(2);
        assertThat(records.parse(RSA)).isSameAs(rsa);
    }

    @Test
    void aRecordThatDoesNotParseShouldFailEveryTimeAndNotBeKept() {
        ParsedKeyRecords records = new ParsedKeyRecords(10);
        String broken = "v=DKIM1; k=rsa; p=notbase64!";

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> records.parse(broken))
                    .isInstanceOf(KeyRecordException.class);
        }
        assertThat(records.size()).isZero();
    }
}
