package org.dkimpack.james;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Records everything a test makes the code log or print, for tests that read it: every SLF4J
 * logger at every level down to TRACE (through logback, the mailets' test binding), every
 * {@code java.util.logging} logger at every level, and what is printed on standard output and
 * standard error. Register it with {@code @RegisterExtension}.
 *
 * <p>Before each test, every logger that has a level of its own (the root at least) is set to
 * TRACE and the root's appenders, the console, are taken off, so that a test that logs at
 * TRACE on purpose does not flood the build output; standard output and error still reach
 * the console. After the test, levels, appenders and streams are put back as they were.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Map<Logger, Level> levels = new LinkedHashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final List<LogRecord> julRecords = new ArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (julRecords) {
                julRecords.add(record);
            }
        }

        @Override
        public void flush() {
            // Records are kept in memory: nothing to flush.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    };
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private java.util.logging.Level julLevel;
    private PrintStream standardOutput;
    private PrintStream standardError;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            throw new IllegalStateException("LogCapture needs logback-classic as the tests'"
                    + " SLF4J binding; found " + LoggerFactory.getILoggerFactory().getClass());
        }
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Logger logger : loggers.getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        events.setContext(loggers);
        events.start();
        root.addAppender(events);

        java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
        julLevel = julRoot.getLevel();
        julRoot.setLevel(java.util.logging.Level.ALL);
        julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(julHandler);

        standardOutput = System.out;
        standardError = System.err;
        System.setOut(tee(standardOutput));
        System.setErr(tee(standardError));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(standardOutput);
        System.setErr(standardError);

        java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
        julRoot.removeHandler(julHandler);
        julRoot.setLevel(julLevel);

        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(events);
        events.stop();
        detached.forEach(root::addAppender);
        levels.forEach(Logger::setLevel);
    }

    /** The events logged through SLF4J so far, in order. */
    List<ILoggingEvent> events() {
        synchronized (events) {
            return List.copyOf(events.list);
        }
    }

    /** The formatted messages of the events at a level that contain every fragment given. */
    List<String> messages(Level level, String... fragments) {
        return events().stream()
                .filter(event -> event.getLevel().equals(level))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> Arrays.stream(fragments).allMatch(message::contains))
                .collect(Collectors.toList());
    }

    /**
     * The error lines that name a mail, as a word of its own: each fault of one message must
     * give exactly one.
     */
    List<String> errorsAbout(String mailName) {
        Pattern name = Pattern.compile("(?<![\\w.-])" + Pattern.quote(mailName)
                + "(?![\\w.-])");
        return messages(Level.ERROR).stream()
                .filter(message -> name.matcher(message).find())
                .collect(Collectors.toList());
    }

    /** Whether anything was logged below INFO: a check that TRACE and DEBUG were recorded. */
    boolean recordedDebugLines() {
        return events().stream().anyMatch(event -> !event.getLevel().isGreaterOrEqual(
                Level.INFO));
    }

    /**
     * All of it as one text: for each SLF4J event its level, logger, thread, message pattern,
     * formatted message, each argument, markers, key-value pairs, MDC and the whole stack
     * trace of its exception (causes and suppressed ones included); for each
     * {@code java.util.logging} record the same; then what was printed.
     */
    String everything() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName())
                    .append(" [").append(event.getThreadName()).append("]\n")
                    .append(event.getMessage()).append('\n')
                    .append(event.getFormattedMessage()).append('\n');
            Object[] arguments = event.getArgumentArray();
            if (arguments != null) {
                text.append(Arrays.deepToString(arguments)).append('\n');
            }
            text.append(event.getMarkerList()).append(' ').append(event.getKeyValuePairs())
                    .append(' ').append(event.getMDCPropertyMap()).append('\n');
            text.append(stackTrace(event.getThrowableProxy()));
        }
        synchronized (julRecords) {
            for (LogRecord record : julRecords) {
                text.append(record.getLevel()).append(' ').append(record.getLoggerName())
                        .append('\n').append(record.getMessage()).append('\n');
                if (record.getParameters() != null) {
                    text.append(Arrays.deepToString(record.getParameters())).append('\n');
                }
                if (record.getThrown() != null) {
                    text.append(stackTrace(record.getThrown()));
                }
            }
        }
        synchronized (printed) {
            text.append(printed.toString(StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** For a failure message: the events, one line each. */
    String summary() {
        return events().stream()
                .map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .collect(Collectors.joining("\n"));
    }

    /** A throwable as {@code printStackTrace} writes it: message, causes, suppressed. */
    static String stackTrace(Throwable throwable) {
        StringWriter text = new StringWriter();
        throwable.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static String stackTrace(IThrowableProxy proxy) {
        if (proxy == null) {
            return "";
        }
        if (proxy instanceof ThrowableProxy) {
            return stackTrace(((ThrowableProxy) proxy).getThrowable());
        }
        return ThrowableProxyUtil.asString(proxy);
    }

    private PrintStream tee(PrintStream console) {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (printed) {
                    printed.write(b);
                }
                console.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (printed) {
                    printed.write(bytes, offset, length);
                }
                console.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                console.flush();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
