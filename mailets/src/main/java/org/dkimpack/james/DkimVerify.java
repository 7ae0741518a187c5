package org.dkimpack.james;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.dkimpack.core.DomainNames;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageFormatException;
import org.dkimpack.core.message.MessageReader;
import org.dkimpack.core.result.AuthenticationResults;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;
import org.dkimpack.james.config.DnsSettings;
import org.dkimpack.james.config.Parameters;
import org.dkimpack.james.mail.HeaderBlock;
import org.dkimpack.james.mail.MessageBytes;
import org.dkimpack.james.mail.MessageIds;
import org.dkimpack.james.metrics.DkimMetrics;
import org.dkimpack.james.metrics.JamesMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the DKIM signatures of each message, prepends one {@code Authentication-Results}
 * field (RFC 8601) with the results, and records them as mail attributes for the matchers and
 * later mailets.
 *
 * <p>Every {@code DKIM-Signature} field is checked, up to {@code maxSignatures}; the key
 * records are looked up in DNS. The field written names this server by its authserv-id, with
 * one {@code dkim=} result per signature (or {@code dkim=none}), its domain, identity,
 * selector, algorithm and the start of its signature, and the reason in a comment:
 *
 * <pre>
 * Authentication-Results: mx.example.net;
 *         dkim=pass (2048-bit key) header.d=example.com header.i=@example.com
 *         header.s=s2024 header.a=rsa-sha256 header.b=dMzDQ9fY
 * </pre>
 *
 * <p>{@code Authentication-Results} fields already in the message that claim the same
 * authserv-id are removed first (RFC 8601 §5): they can only be forged, since this server
 * had not seen the message. Fields of other authserv-ids are kept. Apart from that and the new
 * field in front, the message stays byte for byte as it was.
 *
 * <p>Hostile input never escapes as an exception: a signature that does not parse is a
 * {@code permerror}, a DNS failure a {@code temperror}, and the mail goes on in every case.
 *
 * <h2>Attributes</h2>
 *
 * <p>{@code dkim.result}, one word for the message ({@code pass} if any signature passes,
 * otherwise the first present of {@code fail}, {@code temperror}, {@code permerror},
 * {@code policy}, {@code neutral}, and {@code none} without signatures); and
 * {@code dkim.results}, one map per signature with the keys {@code result}, {@code domain},
 * {@code selector}, {@code algorithm}, {@code identity}, {@code signature} and
 * {@code reason}. See {@link DkimAttributes} for the exact form.
 *
 * <h2>Parameters</h2>
 *
 * <ul>
 * <li>{@code authservId}: the name this server writes in the field and removes forged fields
 *     of. Default: the host name James announces in its SMTP greeting when
 *     {@code smtpserver.xml} leaves {@code helloName} to be detected (the local host's name);
 *     set it to the {@code helloName} when that is configured by hand.</li>
 * <li>{@code maxSignatures}: how many signatures of one message are checked; the rest are
 *     reported as {@code policy}, not checked. Default {@code 5}.</li>
 * <li>{@code maxHeaderBytes}: the largest header block read, in bytes ({@code 512k},
 *     {@code 1m}); a larger one gets {@code permerror}. Default {@code 1m}.</li>
 * <li>{@code maxDnsTime}: the DNS time one message may use over all its key lookups; a
 *     signature whose lookup would start later gets {@code temperror}. Default
 *     {@code 10s}.</li>
 * <li>{@code maxClockSkew}: how far in the future a signature's {@code t=} may be before the
 *     signature is refused. Default {@code 1h}.</li>
 * <li>{@code acceptUnsignedBodyContent}: {@code true} lets a signature pass whose {@code l=}
 *     leaves part of the body unsigned. Default {@code false}: such a signature gets
 *     {@code policy}, since anyone can append content there (RFC 6376 §8.2).</li>
 * <li>{@code maxInMemorySize}: a message larger than this ({@code 512k}, {@code 8m}) is held
 *     in a temporary file while it is verified, and its body stays there for James rather
 *     than in the heap. Default {@code 8m}.</li>
 * <li>{@code dnsServers}: the DNS servers to ask for key records, {@code host[:port]},
 *     comma-separated. Default: the system's resolvers.</li>
 * <li>{@code dnsTimeout}: how long to wait for each DNS answer. Default {@code 5s}.</li>
 * </ul>
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * <processor state="transport" enableJmx="true">
 *   <mailet match="All" class="org.dkimpack.james.DkimVerify">
 *     <authservId>mx.example.net</authservId>
 *   </mailet>
 *   <mailet match="org.dkimpack.james.DkimResultIs=fail" class="ToRepository">
 *     <repositoryPath>file://var/mail/dkim-failed/</repositoryPath>
 *   </mailet>
 *   ...
 * </processor>
 * }</pre>
 *
 * <p>Logs one info line per signed message (mail name, result, {@code d=}, {@code s=}), and
 * unsigned ones at debug level. Inside James it counts {@code dkim.verify.<result>} per
 * message result and times {@code dkim.verify}, in James's metrics.
 */
public class DkimVerify extends GenericMailet {
    static final String AUTHSERV_ID = "authservId";
    static final String MAX_SIGNATURES = "maxSignatures";
    static final String MAX_HEADER_BYTES = "maxHeaderBytes";
    static final String MAX_DNS_TIME = "maxDnsTime";
    static final String MAX_CLOCK_SKEW = "maxClockSkew";
    static final String ACCEPT_UNSIGNED_BODY_CONTENT = "acceptUnsignedBodyContent";
    static final String MAX_IN_MEMORY_SIZE = "maxInMemorySize";

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimVerify.class);
    private static final Set<String> PARAMETERS = Set.of(AUTHSERV_ID, MAX_SIGNATURES,
            MAX_HEADER_BYTES, MAX_DNS_TIME, MAX_CLOCK_SKEW, ACCEPT_UNSIGNED_BODY_CONTENT,
            MAX_IN_MEMORY_SIZE, DnsSettings.SERVERS, DnsSettings.TIMEOUT);
    private static final String FALLBACK_HOST_NAME = "localhost";

    private final DkimMetrics metrics;
    private Clock clock = Clock.systemUTC();
    private long maxInMemorySize = MessageBytes.DEFAULT_MEMORY_LIMIT;
    private KeyRecordResolver resolverOverride;

    private String authservId;
    private DkimVerifier verifier;

    /** For the mailet test kit and other hosts without metrics. */
    public DkimVerify() {
        this(DkimMetrics.NONE);
    }

    /** The constructor James's Guice injector uses: verification is counted and timed. */
    @Inject
    public DkimVerify(MetricFactory metricFactory) {
        this(JamesMetrics.of(metricFactory));
    }

    DkimVerify(DkimMetrics metrics) {
        this.metrics = metrics;
    }

    /** Tests: the DNS to ask instead of the configured servers. */
    void useResolver(KeyRecordResolver value) {
        this.resolverOverride = value;
    }

    /** Tests: the clock that judges {@code t=} and {@code x=}. */
    void useClock(Clock value) {
        this.clock = value;
    }

    /** The authserv-id in use, once initialised. */
    String authservId() {
        return authservId;
    }

    @Override
    public String getMailetInfo() {
        return "DkimVerify: DKIM verification with Authentication-Results (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        Parameters parameters = new Parameters(getMailetName(), this::getInitParameter);
        authservId = parameters.optional(AUTHSERV_ID).orElseGet(DkimVerify::announcedHostName);
        try {
            AuthenticationResults.value(authservId, new VerificationResult(List.of()));
        } catch (IllegalArgumentException e) {
            throw parameters.error(AUTHSERV_ID, "expected a host name or a token, got '"
                    + authservId + "'", e);
        }
        maxInMemorySize = parameters.size(MAX_IN_MEMORY_SIZE,
                MessageBytes.DEFAULT_MEMORY_LIMIT);
        VerifierOptions options = VerifierOptions.builder()
                .maxSignatures(parameters.positiveInt(MAX_SIGNATURES,
                        VerifierOptions.DEFAULT_MAX_SIGNATURES))
                .maxHeaderBytes(parameters.size(MAX_HEADER_BYTES,
                        MessageReader.DEFAULT_MAX_HEADER_BYTES))
                .maxDnsTime(parameters.duration(MAX_DNS_TIME)
                        .orElse(VerifierOptions.DEFAULT_MAX_DNS_TIME))
                .maxClockSkew(parameters.durationOrZero(MAX_CLOCK_SKEW,
                        VerifierOptions.DEFAULT_MAX_CLOCK_SKEW))
                .acceptUnsignedBodyContent(parameters.bool(ACCEPT_UNSIGNED_BODY_CONTENT, false))
                .clock(clock)
                .build();
        KeyRecordResolver resolver = resolverOverride != null
                ? resolverOverride
                : DnsSettings.read(parameters).resolver(parameters);
        verifier = new DkimVerifier(resolver, options);
        LOGGER.info("verifying DKIM as authserv-id {}", authservId);
    }

    @Override
    public void service(Mail mail) {
        try (DkimMetrics.Timer timer = metrics.startTimer("dkim.verify")) {
            verify(mail);
        }
    }

    private void verify(Mail mail) {
        MessageBytes original;
        try {
            original = MessageBytes.of(mail.getMessage(), maxInMemorySize);
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.error("cannot read mail {}; DKIM not verified", mail.getName(), e);
            record(mail, failure(DkimResult.TEMPERROR, "the message could not be read: " + e));
            return;
        }

        VerificationResult result = verifyBytes(mail, original);
        MessageBytes kept = null;
        try {
            kept = withoutForgedResults(mail, original);
            String field = AuthenticationResults.field(authservId, result);
            mail.setMessage(kept.toMimeMessageWithPrepended(List.of(field)));
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.error("cannot add Authentication-Results to mail {}", mail.getName(), e);
        } finally {
            // The temporary files of a large message; James's message keeps its own open.
            if (kept != null) {
                kept.close();
            }
            original.close();
        }
        record(mail, result);
    }

    private VerificationResult verifyBytes(Mail mail, MessageBytes message) {
        try (InputStream in = message.newInputStream()) {
            return verifier.verify(in);
        } catch (IOException | RuntimeException e) {
            LOGGER.error("DKIM verification of mail {} failed unexpectedly", mail.getName(), e);
            return failure(DkimResult.PERMERROR, "verification failed: " + e);
        }
    }

    /** The message without the Authentication-Results fields that claim our authserv-id. */
    private MessageBytes withoutForgedResults(Mail mail, MessageBytes message)
            throws IOException {
        List<HeaderField> fields;
        try {
            fields = HeaderBlock.fields(message);
        } catch (MessageFormatException e) {
            return message;
        }
        long forged = fields.stream()
                .filter(field -> HeaderBlock.isAuthenticationResultsOf(field, authservId))
                .count();
        if (forged == 0) {
            return message;
        }
        LOGGER.info("removed {} Authentication-Results field(s) from mail {} that claimed"
                + " to come from {} (RFC 8601 §5)", forged, mail.getName(),
                authservId);
        try {
            return HeaderBlock.without(message,
                    field -> HeaderBlock.isAuthenticationResultsOf(field, authservId));
        } catch (MessageFormatException e) {
            return message;
        }
    }

    private void record(Mail mail, VerificationResult result) {
        DkimAttributes.record(mail, result);
        DkimResult summary = result.summary();
        metrics.increment("dkim.verify." + summary.token());
        if (summary == DkimResult.NONE) {
            LOGGER.debug("mail {} has no DKIM signature", mail.getName());
            return;
        }
        LOGGER.info("mail {} (Message-ID {}): dkim={} {}", mail.getName(),
                MessageIds.of(mail), summary.token(), result);
    }

    private static VerificationResult failure(DkimResult value, String reason) {
        return new VerificationResult(List.of(SignatureResult.builder(value).reason(reason)
                .build()));
    }

    /**
     * The name James 3.8's SMTP server greets with when its {@code helloName} is detected (the
     * default, {@code <helloName autodetect="true">}): the local host's name, as
     * {@link InetAddress#getLocalHost()} gives it.
     */
    static String announcedHostName() {
        String name = null;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            LOGGER.warn("cannot find this host's name ({}); authserv-id is {}", e.getMessage(),
                    FALLBACK_HOST_NAME);
        }
        if (name != null && name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name != null && DomainNames.isDomainName(name) ? name : FALLBACK_HOST_NAME;
    }
}
