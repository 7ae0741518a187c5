package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * How a response is read, on hand-made responses; the real-server cases are in
 * {@link DnsKeyRecordResolverTest}.
 */
class TxtAnswerTest {

    private static final Name ZONE = Name.fromConstantString("example.com.");
    private static final Name KEY_NAME = Name.fromConstantString("s1._domainkey.example.com.");
    private static final Name TARGET = Name.fromConstantString("s1.keys.example.net.");

    @Test
    void readShouldJoinTheStringsOfOneRecord() {
        Message response = response(Rcode.NOERROR);
        response.addRecord(txt(KEY_NAME, 300, "v=DKIM1; ", "k=ed25519; ", "p=abc"), Section.ANSWER);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.kind()).isEqualTo(TxtAnswer.Kind.RECORDS);
        assertThat(answer.records()).containsExactly("v=DKIM1; k=ed25519; p=abc");
    }

    @Test
    void readShouldKeepTheSmallestTtlOfTheChainAndTheRecords() {
        Message response = response(Rcode.NOERROR);
        response.addRecord(new CNAMERecord(KEY_NAME, DClass.IN, 90, TARGET), Section.ANSWER);
        response.addRecord(txt(TARGET, 300, "p=one"), Section.ANSWER);
        response.addRecord(txt(TARGET, 600, "p=two"), Section.ANSWER);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.records()).containsExactly("p=one", "p=two");
        assertThat(answer.timeToLiveSeconds()).isEqualTo(90);
    }

    @Test
    void readShouldIgnoreRecordsOfOtherNames() {
        Message response = response(Rcode.NOERROR);
        response.addRecord(txt(TARGET, 300, "p=elsewhere"), Section.ANSWER);
        response.addRecord(soa(300, 60), Section.AUTHORITY);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.kind()).isEqualTo(TxtAnswer.Kind.NO_RECORDS);
    }

    @Test
    void readShouldTakeTheNegativeTtlFromTheSoaTtlAndMinimum() {
        Message ttlSmaller = response(Rcode.NXDOMAIN);
        ttlSmaller.addRecord(soa(30, 3600), Section.AUTHORITY);
        Message minimumSmaller = response(Rcode.NOERROR);
        minimumSmaller.addRecord(soa(3600, 45), Section.AUTHORITY);

        TxtAnswer nxdomain = TxtAnswer.read(ttlSmaller, KEY_NAME);
        TxtAnswer nodata = TxtAnswer.read(minimumSmaller, KEY_NAME);

        assertThat(nxdomain.kind()).isEqualTo(TxtAnswer.Kind.NO_RECORDS);
        assertThat(nxdomain.timeToLiveSeconds()).isEqualTo(30);
        assertThat(nodata.kind()).isEqualTo(TxtAnswer.Kind.NO_RECORDS);
        assertThat(nodata.timeToLiveSeconds()).isEqualTo(45);
    }

    @Test
    void readShouldNotLetANegativeAnswerWithoutSoaBeCached() {
        Message response = response(Rcode.NXDOMAIN);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.kind()).isEqualTo(TxtAnswer.Kind.NO_RECORDS);
        assertThat(answer.timeToLiveSeconds()).isZero();
    }

    @Test
    void readShouldPointToTheEndOfAChainTheServerDidNotFollow() {
        Message response = response(Rcode.NOERROR);
        response.addRecord(new CNAMERecord(KEY_NAME, DClass.IN, 90, TARGET), Section.ANSWER);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.kind()).isEqualTo(TxtAnswer.Kind.ALIAS);
        assertThat(answer.aliasTarget()).isEqualTo(TARGET);
        assertThat(answer.timeToLiveSeconds()).isEqualTo(90);
    }

    @Test
    void readShouldStopOnACnameLoop() {
        Message response = response(Rcode.NOERROR);
        response.addRecord(new CNAMERecord(KEY_NAME, DClass.IN, 90, TARGET), Section.ANSWER);
        response.addRecord(new CNAMERecord(TARGET, DClass.IN, 90, KEY_NAME), Section.ANSWER);

        TxtAnswer answer = TxtAnswer.read(response, KEY_NAME);

        assertThat(answer.records()).isEmpty();
    }

    private static Message response(int rcode) {
        Message response = Message.newQuery(Record.newRecord(KEY_NAME, Type.TXT, DClass.IN));
        response.getHeader().setRcode(rcode);
        return response;
    }

    private static TXTRecord txt(Name name, long ttl, String... strings) {
        return new TXTRecord(name, DClass.IN, ttl, List.of(strings));
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(ZONE, DClass.IN, ttl, Name.fromConstantString("ns.example.com."),
                Name.fromConstantString("hostmaster.example.com."), 1, 3600, 600, 86400, minimum);
    }
}
