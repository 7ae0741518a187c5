package org.dkimpack.james;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMailet;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.key.KeyAlgorithms;
import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.sign.SignedHeaderSelection;
import org.dkimpack.james.config.DnsSettings;
import org.dkimpack.james.config.Parameters;
import org.dkimpack.james.keys.KeyConfigurationException;
import org.dkimpack.james.keys.KeyFile;
import org.dkimpack.james.keys.KeySource;
import org.dkimpack.james.keys.KeyTable;
import org.dkimpack.james.keys.KeyTableEntry;
import org.dkimpack.james.keys.KeyTableWatcher;
import org.dkimpack.james.keys.PublishedKeyCheck;
import org.dkimpack.james.mail.HeaderBlock;
import org.dkimpack.james.mail.MessageBytes;
import org.dkimpack.james.mail.MessageIds;
import org.dkimpack.james.mail.SenderDomain;
import org.dkimpack.james.mail.SevenBitConverter;
import org.dkimpack.james.metrics.DkimMetrics;
import org.dkimpack.james.metrics.JamesMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs each message with the DKIM key(s) of its sender's domain: the domain of the address
 * in its {@code From:} field, the one receivers align with (RFC 7489 §3.1). One instance
 * serves every domain that has a key; a message whose domain has none passes untouched.
 *
 * <p>The {@code DKIM-Signature} fields are put in front of the message, which is otherwise
 * left byte for byte as James will send it. Several keys for one domain give several
 * signatures, made in a single pass over the message (RSA and Ed25519 side by side,
 * RFC 8463 §4). A message that already carries a signature with the same {@code d=} and
 * {@code s=} (one that goes through the processor again) is not signed twice with that key.
 *
 * <h2>Keys</h2>
 *
 * <p>From a key directory, as {@code dkimpack keygen} lays it out:
 * {@code <keyDirectory>/<domain>/<selector>.pem}, one PEM private key (RSA or Ed25519,
 * unencrypted) per file; folder names are the domains, file names the selectors; hidden
 * files, other files and {@code *.public.pem} are ignored.
 *
 * <p>Or from a signing table, a text file with one key per line,
 * {@code domain-pattern selector key-file [algorithm]}, {@code #} for comments:
 *
 * <pre>
 * # domain          selector  key file (relative to this file's folder)  algorithm
 * example.com       s2024     keys/example.com/s2024.pem
 * example.com       ed2024    keys/example.com/ed2024.pem                ed25519-sha256
 * *.example.org     mail      /etc/james/dkim/example.org.pem
 * </pre>
 *
 * <p>{@code *.example.org} signs every sub-domain of example.org (not example.org itself)
 * with {@code d=example.org}, where a single key record serves them all. The algorithm,
 * {@code rsa-sha256} or {@code ed25519-sha256}, follows the key's type when left out.
 *
 * <p>Which keys sign: those of the sender domain itself; otherwise those of the nearest
 * parent domain that has a wildcard entry or, with {@code useParentDomainKey}, keys of its
 * own. A sub-domain signed with a parent's key gets {@code d=} that parent, since {@code d=}
 * must be where the key record is: DMARC's relaxed alignment (its default) accepts that
 * signature for the sub-domain, strict alignment ({@code adkim=s}) does not.
 *
 * <p>Keys are re-read when they change on disk (at most once per {@code reloadInterval}):
 * the key directory or signing table is read again, and a key file whose time, size or inode
 * changed is loaded again. New keys start signing and removed ones stop, without a restart.
 * A key file that its group or others may read gets a warning in the log.
 *
 * <h2>Errors</h2>
 *
 * <p>Configuration errors stop James at start with a message that names the parameter, the
 * file and, for a signing table, the line: a missing folder or table, a table line that does
 * not parse, a key file that is missing, unreadable, not a private key, an RSA key under
 * 1024 bits, or of another type than the table's algorithm.
 *
 * <p>Errors while running never lose mail. With {@code onError=pass} (the default) a message
 * that cannot be signed, for example because its key file was deleted or replaced by a broken
 * one, goes on unsigned, and an error naming the mail, its Message-ID and its domain is
 * logged; a domain with two keys, one broken, is signed with the other. With
 * {@code onError=error} it goes to the error processor ({@code state} {@code error}) with an
 * error message. Signing resumes by itself once the key file is right again.
 *
 * <h2>Published keys</h2>
 *
 * <p>With {@code checkPublishedKeys} at {@code warn} (the default), the key record of every
 * key ({@code <selector>._domainkey.<d>}) is looked up in DNS at start and then every
 * {@code checkPublishedKeysInterval}, and a warning names each domain and selector whose
 * record is missing, unusable, or publishes another key, with the record to publish:
 * signatures made with such a key fail at every receiver. With {@code skip}, such keys are
 * also not used until a later check finds them right (a key that could not be checked, as
 * when DNS does not answer, is still used). {@code off} turns the check off.
 *
 * <h2>8-bit mail</h2>
 *
 * <p>With {@code convertTo7Bit} (the default), a message with an 8-bit body is first
 * re-encoded to 7-bit (quoted-printable for text, base64 for the rest): a relay that meets a
 * server without 8BITMIME converts it anyway, which would break the signature. The content
 * stays the same for a reader. Mailets after this one must not change the message.
 *
 * <h2>Parameters</h2>
 *
 * <ul>
 * <li>{@code keyDirectory}: a folder laid out {@code <domain>/<selector>.pem}; or</li>
 * <li>{@code signingTable}: a signing table file. One of the two is required.</li>
 * <li>{@code useParentDomainKey}: whether a sub-domain without keys of its own signs with the
 *     keys of a parent domain. Default {@code true}.</li>
 * <li>{@code headers}: the header fields to sign, colon-separated; {@code From} is always
 *     signed and oversigned. Default: the engine's set, {@code From}, {@code Reply-To},
 *     {@code Subject}, {@code Date}, {@code To}, {@code Cc}, {@code Message-ID},
 *     {@code In-Reply-To}, {@code References}, {@code MIME-Version}, {@code Content-Type},
 *     {@code Content-Transfer-Encoding} and the {@code List-*} fields.</li>
 * <li>{@code canonicalization}: {@code header/body}, each {@code simple} or {@code relaxed}.
 *     Default {@code relaxed/relaxed}.</li>
 * <li>{@code expiration}: how long signatures stay valid ({@code x=}), such as {@code 7d} or
 *     {@code 12h}. Default: none.</li>
 * <li>{@code convertTo7Bit}: {@code true} or {@code false}. Default {@code true}.</li>
 * <li>{@code maxInMemorySize}: a message larger than this ({@code 512k}, {@code 8m}) is held
 *     in a temporary file while it is signed, and its body stays there for James rather
 *     than in the heap. Default {@code 8m}.</li>
 * <li>{@code onError}: {@code pass} or {@code error}. Default {@code pass}.</li>
 * <li>{@code checkPublishedKeys}: {@code warn}, {@code skip} or {@code off}. Default
 *     {@code warn}.</li>
 * <li>{@code checkPublishedKeysInterval}: how often DNS is checked again. Default
 *     {@code 1h}.</li>
 * <li>{@code reloadInterval}: how often at most the keys on disk are looked at again;
 *     {@code 0s} looks at every message. Default {@code 10s}.</li>
 * <li>{@code dnsServers}: for the published-key check, the DNS servers to ask,
 *     {@code host[:port]}, comma-separated. Default: the system's resolvers.</li>
 * <li>{@code dnsTimeout}: how long to wait for each DNS answer. Default {@code 5s}.</li>
 * </ul>
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * <processor state="relay" enableJmx="true">
 *   <mailet match="org.dkimpack.james.SenderDomainHasDkimKey=/etc/james/dkim"
 *         class="org.dkimpack.james.DkimSign">
 *     <keyDirectory>/etc/james/dkim</keyDirectory>
 *     <expiration>7d</expiration>
 *   </mailet>
 *   <mailet match="All" class="RemoteDelivery">
 *     ...
 *   </mailet>
 * </processor>
 * }</pre>
 *
 * <p>The mailet writes the {@code DKIM-Signature} fields and no attribute. It logs one info
 * line per signed message (mail name, Message-ID, {@code d=}, {@code s=}); skipped messages
 * are logged at debug level. Inside James it counts {@code dkim.sign.signed},
 * {@code dkim.sign.unsigned} (no key for the domain) and {@code dkim.sign.errors}, and times
 * {@code dkim.sign}, in James's metrics.
 */
public class DkimSign extends GenericMailet {
    static final String KEY_DIRECTORY = "keyDirectory";
    static final String SIGNING_TABLE = "signingTable";
    static final String USE_PARENT_DOMAIN_KEY = "useParentDomainKey";
    static final String HEADERS = "headers";
    static final String CANONICALIZATION = "canonicalization";
    static final String EXPIRATION = "expiration";
    static final String CONVERT_TO_7BIT = "convertTo7Bit";
    static final String MAX_IN_MEMORY_SIZE = "maxInMemorySize";
    static final String ON_ERROR = "onError";
    static final String CHECK_PUBLISHED_KEYS = "checkPublishedKeys";
    static final String CHECK_PUBLISHED_KEYS_INTERVAL = "checkPublishedKeysInterval";
    static final String RELOAD_INTERVAL = "reloadInterval";

    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSign.class);
    private static final Set<String> PARAMETERS = Set.of(KEY_DIRECTORY, SIGNING_TABLE,
            USE_PARENT_DOMAIN_KEY, HEADERS, CANONICALIZATION, EXPIRATION, CONVERT_TO_7BIT,
            MAX_IN_MEMORY_SIZE, ON_ERROR, CHECK_PUBLISHED_KEYS, CHECK_PUBLISHED_KEYS_INTERVAL,
            RELOAD_INTERVAL, DnsSettings.SERVERS, DnsSettings.TIMEOUT);
    private static final int MAX_CHECK_THREADS = 8;

    /** What to do with a message that cannot be signed. */
    enum OnError {
        PASS, ERROR
    }

    /** What to do about keys whose record DNS does not publish right. */
    enum CheckPublishedKeys {
        WARN, SKIP, OFF
    }

    private final DkimMetrics metrics;
    private final Map<Path, KeyFile> keyFiles = new ConcurrentHashMap<>();
    private final Map<KeyTableEntry, PublishedKeyCheck.Outcome> publishedKeys =
            new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();
    private KeyRecordResolver resolverForChecks;

    private KeyTableWatcher keys;
    private boolean useParentDomainKey;
    private SignedHeaderSelection headers;
    private CanonicalizationPair canonicalization;
    private Duration expiration;
    private boolean convertTo7Bit;
    private long maxInMemorySize;
    private OnError onError;
    private CheckPublishedKeys checkPublishedKeys;
    private Duration reloadInterval;
    private DkimSigner signer;
    private volatile PublishedKeyCheck publishedKeyCheck;
    private ScheduledExecutorService checkScheduler;

    /** For the mailet test kit and other hosts without metrics. */
    public DkimSign() {
        this(DkimMetrics.NONE);
    }

    /** The constructor James's Guice injector uses: signing is counted and timed. */
    @Inject
    public DkimSign(MetricFactory metricFactory) {
        this(JamesMetrics.of(metricFactory));
    }

    DkimSign(DkimMetrics metrics) {
        this.metrics = metrics;
    }

    /** Tests: the clock for {@code t=}, {@code x=} and the reload interval. */
    void useClock(Clock value) {
        this.clock = value;
    }

    /** Tests: the DNS the published-key check asks, instead of the configured servers. */
    void useResolverForChecks(KeyRecordResolver value) {
        this.resolverForChecks = value;
        if (publishedKeyCheck != null) {
            publishedKeyCheck = new PublishedKeyCheck(value);
        }
    }

    /** Tests: what the last published-key check found, by "domain selector". */
    Map<String, PublishedKeyCheck.Status> publishedKeyStatuses() {
        Map<String, PublishedKeyCheck.Status> statuses = new LinkedHashMap<>();
        publishedKeys.forEach((entry, outcome) -> statuses.put(
                entry.signingDomain() + " " + entry.selector(), outcome.status()));
        return statuses;
    }

    @Override
    public String getMailetInfo() {
        return "DkimSign: DKIM signatures with the keys of the sender's domain (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        Parameters parameters = new Parameters(getMailetName(), this::getInitParameter);
        useParentDomainKey = parameters.bool(USE_PARENT_DOMAIN_KEY, true);
        headers = readHeaders(parameters);
        canonicalization = readCanonicalization(parameters);
        expiration = parameters.duration(EXPIRATION).orElse(null);
        convertTo7Bit = parameters.bool(CONVERT_TO_7BIT, true);
        maxInMemorySize = parameters.size(MAX_IN_MEMORY_SIZE,
                MessageBytes.DEFAULT_MEMORY_LIMIT);
        onError = parameters.choice(ON_ERROR, choices(OnError.values()), OnError.PASS);
        checkPublishedKeys = parameters.choice(CHECK_PUBLISHED_KEYS,
                choices(CheckPublishedKeys.values()), CheckPublishedKeys.WARN);
        Duration checkInterval = parameters.duration(CHECK_PUBLISHED_KEYS_INTERVAL)
                .orElse(DEFAULT_CHECK_INTERVAL);
        reloadInterval = parameters.durationOrZero(RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL);
        DnsSettings dnsSettings = DnsSettings.read(parameters);
        signer = new DkimSigner(clock);

        keys = openKeys(parameters);
        KeyTable table = keys.current();
        checkEveryKey(parameters, table);
        if (table.isEmpty()) {
            LOGGER.warn("{} holds no key yet; nothing will be signed until keys are added",
                    keys.source().describe());
        } else {
            LOGGER.info("{} keys for {} domains from {}; RSA signatures through {}",
                    table.entries().size(), table.domainCount(),
                    keys.source().describe(), KeyAlgorithms.rsaSigner());
        }

        if (checkPublishedKeys != CheckPublishedKeys.OFF) {
            Optional<KeyRecordResolver> resolver = resolverForChecks(parameters, dnsSettings);
            if (resolver.isPresent()) {
                publishedKeyCheck = new PublishedKeyCheck(resolver.get());
                checkPublishedKeysNow();
                startPublishedKeyChecks(checkInterval);
            }
        }
    }

    /**
     * The DNS for the published-key check. Servers that are configured must work; without
     * any, a system that has no resolver only turns the check off, since signing does not
     * need DNS.
     */
    private Optional<KeyRecordResolver> resolverForChecks(Parameters parameters,
            DnsSettings dnsSettings) throws MailetException {
        if (resolverForChecks != null) {
            return Optional.of(resolverForChecks);
        }
        if (!dnsSettings.servers().isEmpty()) {
            return Optional.of(dnsSettings.resolver(parameters));
        }
        try {
            return Optional.of(dnsSettings.resolver(parameters));
        } catch (MailetException e) {
            LOGGER.warn("published keys are not checked: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        if (checkScheduler != null) {
            checkScheduler.shutdownNow();
        }
    }

    @Override
    public void service(Mail mail) {
        MimeMessage message;
        Optional<String> senderDomain;
        try {
            message = mail.getMessage();
            senderDomain = SenderDomain.of(message);
        } catch (MessagingException | RuntimeException e) {
            fail(mail, "an unknown domain", "cannot read the message: " + e, e);
            return;
        }
        if (senderDomain.isEmpty()) {
            LOGGER.debug("mail {} not signed: no single From address with a domain",
                    mail.getName());
            metrics.increment("dkim.sign.unsigned");
            return;
        }
        Optional<KeyTable.Match> match = keys.current().lookup(senderDomain.get(),
                useParentDomainKey);
        if (match.isEmpty()) {
            LOGGER.debug("mail {} not signed: no DKIM key for {}",
                    mail.getName(), senderDomain.get());
            metrics.increment("dkim.sign.unsigned");
            return;
        }

        try (DkimMetrics.Timer timer = metrics.startTimer("dkim.sign")) {
            sign(mail, message, senderDomain.get(), match.get());
        }
    }

    private void sign(Mail mail, MimeMessage message, String senderDomain, KeyTable.Match match) {
        String signingDomain = match.signingDomain();
        List<String> problems = new ArrayList<>();
        MessageBytes original = null;
        MessageBytes toSign = null;
        try {
            original = MessageBytes.of(message, maxInMemorySize);
            toSign = convertTo7Bit ? SevenBitConverter.convert(original) : original;
            Set<String> present = new HashSet<>(
                    HeaderBlock.signatureIdentities(HeaderBlock.fields(toSign)));

            // One signature per usable key that has not signed this message yet.
            List<SignatureSpec> specs = new ArrayList<>();
            for (KeyTableEntry entry : match.entries()) {
                if (present.contains(HeaderBlock.signatureIdentity(signingDomain,
                        entry.selector()))) {
                    LOGGER.debug("mail {} already signed as d={} s={}",
                            mail.getName(), signingDomain, entry.selector());
                    continue;
                }
                try {
                    SigningKey key = keyFile(entry).key();
                    if (!isSkippedAsUnpublished(entry, key)) {
                        specs.add(spec(entry, signingDomain, key));
                    }
                } catch (KeyLoadException | IllegalArgumentException e) {
                    problems.add(entry.origin() + ": " + e.getMessage());
                }
            }
            if (!problems.isEmpty() && onError == OnError.ERROR) {
                fail(mail, senderDomain, String.join("; ", problems), null);
                return;
            }
            if (specs.isEmpty()) {
                if (problems.isEmpty()) {
                    LOGGER.debug("mail {} not signed again: no key of {} left to sign with",
                            mail.getName(), signingDomain);
                } else {
                    fail(mail, senderDomain, String.join("; ", problems), null);
                }
                return;
            }

            // Sign, then put the fields in front of exactly the bytes signed.
            List<String> fields;
            try (InputStream in = toSign.newInputStream()) {
                fields = signer.sign(in, specs);
            }
            mail.setMessage(toSign.toMimeMessageWithPrepended(fields));
            metrics.increment("dkim.sign.signed");
            LOGGER.info("DKIM-signed mail {} (Message-ID {}) as d={} s={}",
                    mail.getName(), MessageIds.of(message), signingDomain, specs.stream()
                            .map(SignatureSpec::selector).collect(Collectors.joining(",")));
            if (!problems.isEmpty()) {
                metrics.increment("dkim.sign.errors");
                LOGGER.error("mail {} (Message-ID {}) from {} signed without some of its"
                        + " keys: {}", mail.getName(), MessageIds.of(message),
                        senderDomain, String.join("; ", problems));
            }
        } catch (IOException | MessagingException | PermanentDkimException
                | RuntimeException e) {
            fail(mail, senderDomain, "cannot sign: " + e, e);
        } finally {
            // The temporary files of a large message; James's message keeps its own open.
            if (toSign != null) {
                toSign.close();
            }
            if (original != null) {
                original.close();
            }
        }
    }

    private SignatureSpec spec(KeyTableEntry entry, String signingDomain, SigningKey key) {
        SignatureSpec.Builder builder = SignatureSpec.builder(key, signingDomain,
                entry.selector())
                .canonicalization(canonicalization)
                .headers(headers);
        entry.algorithm().ifPresent(builder::algorithm);
        if (expiration != null) {
            builder.expiration(expiration);
        }
        return builder.build();
    }

    /** Reports a message that could not be signed, as {@code onError} says. */
    private void fail(Mail mail, String senderDomain, String problem, Exception cause) {
        metrics.increment("dkim.sign.errors");
        String messageId = MessageIds.of(mail);
        if (onError == OnError.PASS) {
            LOGGER.error("mail {} (Message-ID {}) from {} goes on unsigned: {}",
                    mail.getName(), messageId, senderDomain, problem, cause);
            return;
        }
        LOGGER.error("mail {} (Message-ID {}) from {} goes to the error processor: {}",
                mail.getName(), messageId, senderDomain, problem, cause);
        mail.setErrorMessage(getMailetName() + ": cannot DKIM-sign mail from " + senderDomain
                + ": " + problem);
        mail.setState(Mail.ERROR);
    }

    private boolean isSkippedAsUnpublished(KeyTableEntry entry, SigningKey key) {
        if (checkPublishedKeys != CheckPublishedKeys.SKIP) {
            return false;
        }
        PublishedKeyCheck.Outcome outcome = publishedKeys.get(entry);
        if (outcome == null || !outcome.key().equals(key) || !outcome.status().isWrong()) {
            return false;
        }
        LOGGER.debug("not signing as d={} s={}: {}",
                entry.signingDomain(), entry.selector(), outcome.detail());
        return true;
    }

    /**
     * Looks up the key record of every key and logs what is wrong; run at start, then by the
     * scheduler. Package-private so that tests can run it when they want.
     */
    void checkPublishedKeysNow() {
        List<KeyTableEntry> entries = keys.current().entries();
        if (entries.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(MAX_CHECK_THREADS, entries.size()), daemonThreads("check"));
        try {
            Map<KeyTableEntry, Future<PublishedKeyCheck.Outcome>> running =
                    new LinkedHashMap<>();
            for (KeyTableEntry entry : entries) {
                SigningKey key;
                try {
                    key = keyFile(entry).key();
                } catch (KeyLoadException e) {
                    continue;
                }
                running.put(entry, pool.submit(() -> publishedKeyCheck.check(
                        entry.signingDomain(), entry.selector(), key)));
            }
            for (Map.Entry<KeyTableEntry, Future<PublishedKeyCheck.Outcome>> check
                    : running.entrySet()) {
                record(check.getKey(), check.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOGGER.error("the published-key check failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void record(KeyTableEntry entry, PublishedKeyCheck.Outcome outcome) {
        PublishedKeyCheck.Outcome previous = publishedKeys.put(entry, outcome);
        String consequence = checkPublishedKeys == CheckPublishedKeys.SKIP
                ? "; not signing with it until DNS is right"
                : "; signatures made with it will fail at receivers";
        switch (outcome.status()) {
            case PUBLISHED:
                if (previous != null && previous.status().isWrong()) {
                    LOGGER.info("DKIM key d={} s={} is now published right in DNS",
                            entry.signingDomain(), entry.selector());
                } else {
                    LOGGER.debug("DKIM key d={} s={}: {}",
                            entry.signingDomain(), entry.selector(), outcome.detail());
                }
                break;
            case UNKNOWN:
                LOGGER.warn("DKIM key d={} s={}: could not check DNS: {}",
                        entry.signingDomain(), entry.selector(), outcome.detail());
                break;
            default:
                LOGGER.warn("DKIM key d={} s={} ({}) is not published right in DNS: {}{}",
                        entry.signingDomain(), entry.selector(),
                        entry.keyFile(), outcome.detail(), consequence);
                break;
        }
    }

    private void startPublishedKeyChecks(Duration interval) {
        checkScheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("schedule"));
        long millis = interval.toMillis();
        checkScheduler.scheduleWithFixedDelay(this::checkPublishedKeysQuietly, millis, millis,
                TimeUnit.MILLISECONDS);
    }

    private void checkPublishedKeysQuietly() {
        try {
            checkPublishedKeysNow();
        } catch (RuntimeException e) {
            LOGGER.error("the published-key check failed", e);
        }
    }

    private ThreadFactory daemonThreads(String role) {
        String name = "dkimpack-" + getMailetName() + "-published-keys-" + role;
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private KeyFile keyFile(KeyTableEntry entry) {
        return keyFiles.computeIfAbsent(entry.keyFile(),
                path -> new KeyFile(path, reloadInterval, clock));
    }

    private KeyTableWatcher openKeys(Parameters parameters) throws MailetException {
        Optional<String> directory = parameters.optional(KEY_DIRECTORY);
        Optional<String> table = parameters.optional(SIGNING_TABLE);
        if (directory.isPresent() == table.isPresent()) {
            throw new MailetException(getMailetName() + ": expected one of the parameters "
                    + KEY_DIRECTORY + " or " + SIGNING_TABLE + ", got "
                    + (directory.isPresent() ? "both" : "neither"));
        }
        String parameter = directory.isPresent() ? KEY_DIRECTORY : SIGNING_TABLE;
        try {
            Path path = Paths.get(directory.orElseGet(table::get));
            KeySource source = directory.isPresent()
                    ? KeySource.directory(path)
                    : KeySource.signingTable(path);
            return KeyTableWatcher.open(source, reloadInterval, clock);
        } catch (KeyConfigurationException e) {
            throw parameters.error(parameter, e.getMessage(), e);
        } catch (InvalidPathException e) {
            throw parameters.error(parameter, "'" + e.getInput() + "' is not a path", e);
        }
    }

    /** Loads every key and makes a signature specification with it, as signing will. */
    private void checkEveryKey(Parameters parameters, KeyTable table) throws MailetException {
        String parameter = parameters.optional(KEY_DIRECTORY).isPresent()
                ? KEY_DIRECTORY
                : SIGNING_TABLE;
        for (KeyTableEntry entry : table.entries()) {
            try {
                spec(entry, entry.signingDomain(), keyFile(entry).key());
            } catch (KeyLoadException e) {
                throw parameters.error(parameter, entry.origin() + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw parameters.error(parameter, entry.origin() + ": " + entry.keyFile() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static SignedHeaderSelection readHeaders(Parameters parameters)
            throws MailetException {
        List<String> names = parameters.list(HEADERS, ":");
        if (names.isEmpty()) {
            return SignedHeaderSelection.defaults();
        }
        try {
            return SignedHeaderSelection.of(names);
        } catch (IllegalArgumentException e) {
            throw parameters.error(HEADERS, "expected header field names separated by colons: "
                    + e.getMessage(), e);
        }
    }

    private static CanonicalizationPair readCanonicalization(Parameters parameters)
            throws MailetException {
        Optional<String> value = parameters.optional(CANONICALIZATION);
        if (value.isEmpty()) {
            return CanonicalizationPair.RELAXED_RELAXED;
        }
        return CanonicalizationPair.fromTagValue(value.get()).orElseThrow(() ->
                parameters.error(CANONICALIZATION, "expected header/body, each simple or"
                        + " relaxed (such as relaxed/relaxed), got '" + value.get() + "'"));
    }

    private static <E extends Enum<E>> Map<String, E> choices(E[] values) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E value : values) {
            choices.put(value.name().toLowerCase(Locale.ROOT), value);
        }
        return choices;
    }
}
