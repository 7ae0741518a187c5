package org.dkimpack.core.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A UDP DNS server on loopback that answers the way broken or hostile servers do: late, with
 * bytes that are not DNS, with another query's ID, for another name. Knot answers correctly
 * or not at all, so the faults a resolver must survive need a server of their own.
 *
 * <p>Each query is answered on a thread of its own, so a slow answer does not hold up the
 * next query.
 */
public final class MisbehavingDnsServer implements AutoCloseable {

    /** How the server answers a query. */
    @FunctionalInterface
    public interface Behaviour {
        /** The bytes to send back, or null to stay silent. */
        byte[] answer(Message query, byte[] queryBytes) throws IOException;
    }

    private final DatagramSocket socket;
    private final Behaviour behaviour;
    private final Duration delay;
    private final ExecutorService answering = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "misbehaving-dns");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread receiver;

    private MisbehavingDnsServer(Behaviour behaviour, Duration delay) throws IOException {
        this.behaviour = behaviour;
        this.delay = delay;
        this.socket = new DatagramSocket(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        this.receiver = new Thread(this::receive, "misbehaving-dns-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** A server that sends what {@code behaviour} says, at once. */
    public static MisbehavingDnsServer start(Behaviour behaviour) throws IOException {
        return new MisbehavingDnsServer(behaviour, Duration.ZERO);
    }

    /** A server that sends what {@code behaviour} says, {@code delay} after each query. */
    public static MisbehavingDnsServer startDelayed(Behaviour behaviour, Duration delay)
            throws IOException {
        return new MisbehavingDnsServer(behaviour, delay);
    }

    /** {@code host:port}, as the resolver's builder takes it. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** How many queries have arrived so far. */
    public int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        socket.close();
        answering.shutdownNow();
        try {
            receiver.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            queries.incrementAndGet();
            byte[] queryBytes = Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            answering.execute(() -> answer(queryBytes, client));
        }
    }

    private void answer(byte[] queryBytes, InetSocketAddress client) {
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            byte[] reply = behaviour.answer(new Message(queryBytes), queryBytes);
            if (reply != null && !socket.isClosed()) {
                socket.send(new DatagramPacket(reply, reply.length, client));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client has gone, or the query was not DNS: nothing to answer.
        }
    }

    /** A correct answer: {@code record} as the one TXT record at the name asked for. */
    public static Behaviour answering(String record) {
        return (query, bytes) -> txtAnswer(query, query.getQuestion().getName(), record)
                .toWire();
    }

    /** Random bytes, as long as a real answer would be, in place of an answer. */
    public static Behaviour garbage(long seed) {
        Random random = new Random(seed);
        return (query, bytes) -> {
            byte[] reply = new byte[40 + random.nextInt(200)];
            random.nextBytes(reply);
            return reply;
        };
    }

    /** The query's ID and an answer's flags and counts, then random bytes for the rest. */
    public static Behaviour garbageAfterTheHeader(long seed) {
        Random random = new Random(seed);
        return (query, bytes) -> {
            byte[] reply = new byte[12 + 60];
            random.nextBytes(reply);
            System.arraycopy(bytes, 0, reply, 0, 2);
            reply[2] = (byte) 0x81;
            reply[3] = (byte) 0x80;
            reply[4] = 0;
            reply[5] = 1;
            reply[6] = 0;
            reply[7] = 1;
            return reply;
        };
    }

    /** A correct answer cut short, as a broken middlebox might pass it on. */
    public static Behaviour cutShort(String record) {
        return (query, bytes) -> {
            byte[] whole = txtAnswer(query, query.getQuestion().getName(), record).toWire();
            return Arrays.copyOf(whole, whole.length - 20);
        };
    }

    /** A correct answer with another ID, as an off-path spoofer guessing IDs sends it. */
    public static Behaviour wrongId(String record) {
        return (query, bytes) -> {
            Message answer = txtAnswer(query, query.getQuestion().getName(), record);
            answer.getHeader().setID((query.getHeader().getID() + 1) & 0xffff);
            return answer.toWire();
        };
    }

    /** The query's ID, but the question and record of another name. */
    public static Behaviour anotherName(String otherName, String record) {
        return (query, bytes) -> {
            Message answer = txtAnswer(query, absolute(otherName), record);
            answer.removeAllRecords(Section.QUESTION);
            answer.addRecord(Record.newRecord(absolute(otherName), query.getQuestion().getType(),
                    DClass.IN), Section.QUESTION);
            return answer.toWire();
        };
    }

    /** A well-formed answer with the given response code and no records. */
    public static Behaviour rcode(int rcode) {
        return (query, bytes) -> {
            Message answer = new Message(query.getHeader().getID());
            answer.getHeader().setFlag(Flags.QR);
            answer.getHeader().setRcode(rcode);
            answer.addRecord(query.getQuestion(), Section.QUESTION);
            return answer.toWire();
        };
    }

    private static Message txtAnswer(Message query, Name owner, String record) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.AA);
        answer.getHeader().setRcode(Rcode.NOERROR);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < record.length(); start += 255) {
            strings.add(record.substring(start, Math.min(record.length(), start + 255)));
        }
        answer.addRecord(new TXTRecord(owner, DClass.IN, 300, strings), Section.ANSWER);
        return answer;
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
