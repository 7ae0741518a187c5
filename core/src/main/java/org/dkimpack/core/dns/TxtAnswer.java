package org.dkimpack.core.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * What one DNS response (NOERROR or NXDOMAIN) says about the TXT records at a name: the
 * records, that there are none, or only that the name is an alias whose target the server did
 * not answer for. Also how long that may be cached.
 */
final class TxtAnswer {

    /** The three things a response can tell. */
    enum Kind {
        /** TXT records found, at the name or at the end of its CNAME chain. */
        RECORDS,
        /** NXDOMAIN, or the name exists without TXT record (NODATA). */
        NO_RECORDS,
        /** A CNAME chain ends at a name the response says nothing more about. */
        ALIAS
    }

    private final Kind kind;
    private final List<String> records;
    private final long timeToLiveSeconds;
    private final Name aliasTarget;

    private TxtAnswer(Kind kind, List<String> records, long timeToLiveSeconds, Name aliasTarget) {
        this.kind = kind;
        this.records = records;
        this.timeToLiveSeconds = timeToLiveSeconds;
        this.aliasTarget = aliasTarget;
    }

    /**
     * Reads a response whose rcode is NOERROR or NXDOMAIN to a TXT query for {@code name}.
     */
    static TxtAnswer read(Message response, Name name) {
        List<Record> answer = response.getSection(Section.ANSWER);
        long timeToLive = Long.MAX_VALUE;

        // Follow the CNAME chain the server put into the answer section (RFC 1034 §3.6.2).
        // Each step lengthens the chain; more steps than records means a loop.
        Name current = name;
        for (int step = 0; step <= answer.size(); step++) {
            CNAMERecord alias = findAlias(answer, current);
            if (alias == null) {
                break;
            }
            timeToLive = Math.min(timeToLive, alias.getTTL());
            current = alias.getTarget();
        }

        List<String> records = new ArrayList<>();
        for (Record record : answer) {
            if (record.getType() == Type.TXT && record.getDClass() == DClass.IN
                    && record.getName().equals(current)) {
                records.add(join((TXTRecord) record));
                timeToLive = Math.min(timeToLive, record.getTTL());
            }
        }
        if (!records.isEmpty()) {
            return new TxtAnswer(Kind.RECORDS, Collections.unmodifiableList(records),
                    timeToLive, null);
        }

        // RFC 2308 §2.2: a NODATA or NXDOMAIN answer carries the SOA of the zone in the
        // authority section; without it, the server only answered for the first links of the
        // chain and the end of the chain must be asked for separately.
        SOARecord soa = findSoa(response);
        boolean aliasOnly = !current.equals(name) && soa == null
                && response.getRcode() == Rcode.NOERROR;
        if (aliasOnly) {
            return new TxtAnswer(Kind.ALIAS, List.of(), timeToLive, current);
        }

        // RFC 2308 §5: a negative answer lives as long as the smaller of the SOA record's TTL
        // and its MINIMUM field; without SOA it is not cached at all.
        long negativeTimeToLive = soa == null ? 0 : Math.min(soa.getTTL(), soa.getMinimum());
        return new TxtAnswer(Kind.NO_RECORDS, List.of(),
                Math.min(timeToLive, negativeTimeToLive), null);
    }

    Kind kind() {
        return kind;
    }

    /** The records, each joined; empty unless {@link Kind#RECORDS}. */
    List<String> records() {
        return records;
    }

    /** The smallest TTL of the records this answer rests on, in seconds. */
    long timeToLiveSeconds() {
        return timeToLiveSeconds;
    }

    /** The end of the CNAME chain, for {@link Kind#ALIAS}. */
    Name aliasTarget() {
        return aliasTarget;
    }

    private static CNAMERecord findAlias(List<Record> answer, Name owner) {
        for (Record record : answer) {
            if (record.getType() == Type.CNAME && record.getDClass() == DClass.IN
                    && record.getName().equals(owner)) {
                return (CNAMERecord) record;
            }
        }
        return null;
    }

    private static SOARecord findSoa(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record.getType() == Type.SOA) {
                return (SOARecord) record;
            }
        }
        return null;
    }

    /**
     * RFC 6376 §3.6.2.2: a key record split into several character-strings is their
     * concatenation, without separator. The bytes are joined before decoding so that a UTF-8
     * sequence split across two strings survives; a DKIM key record is ASCII anyway.
     */
    private static String join(TXTRecord record) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] characterString : record.getStringsAsByteArrays()) {
            joined.write(characterString, 0, characterString.length);
        }
        return new String(joined.toByteArray(), StandardCharsets.UTF_8);
    }
}
