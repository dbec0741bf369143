package io.perprisk.cluster;

import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test doubles of Aeron Cluster's {@link Cluster} and {@link ClientSession} (dynamic proxies) and scenario helpers.
 */
final class ServiceFixtures
{
    private ServiceFixtures()
    {
    }

    static Path scenario(final String name)
    {
        Path dir = Path.of("").toAbsolutePath();
        while (null != dir && !Files.isDirectory(dir.resolve("docs/scenarios")))
        {
            dir = dir.getParent();
        }
        if (null == dir)
        {
            throw new IllegalStateException("docs/scenarios not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs/scenarios").resolve(name);
    }

    /**
     * Every inbound message of a JSON Lines scenario, encoded.
     */
    static List<byte[]> encode(final Path file) throws Exception
    {
        final JsonLineReader reader = new JsonLineReader(MessageCatalog.load());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final List<byte[]> messages = new ArrayList<>();
        long lineNumber = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            lineNumber++;
            final int length = reader.read(lineNumber, line, buffer, 0);
            if (JsonLineReader.SKIPPED != length)
            {
                final byte[] message = new byte[length];
                buffer.getBytes(0, message);
                messages.add(message);
            }
        }
        return messages;
    }

    /**
     * The outputs of the engine in-process over the messages (seq 1, 2, 3 ...), each as seq + bytes.
     */
    static List<Output> inProcess(final List<byte[]> messages)
    {
        final List<Output> outputs = new ArrayList<>();
        final RiskEngine engine = new PerpRiskEngine(new EngineConfiguration(),
            (seq, buffer, offset, length) -> outputs.add(Output.of(seq, buffer, offset, length)));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        for (int i = 0; i < messages.size(); i++)
        {
            buffer.putBytes(0, messages.get(i));
            engine.onEvent(i + 1, buffer, 0, messages.get(i).length);
        }
        return outputs;
    }

    static String inProcessDigest(final List<byte[]> messages)
    {
        final RiskEngine engine = new PerpRiskEngine(new EngineConfiguration(), (seq, buffer, offset, length) ->
        {
        });
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        for (int i = 0; i < messages.size(); i++)
        {
            buffer.putBytes(0, messages.get(i));
            engine.onEvent(i + 1, buffer, 0, messages.get(i).length);
        }
        return engine.digest();
    }

    static int eventFrame(
        final ExpandableArrayBuffer frame, final long clientId, final long msgNo, final byte[] message)
    {
        frame.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.EVENT, ClusterProtocol.ORDER);
        frame.putLong(ClusterProtocol.CLIENT_ID_OFFSET, clientId, ClusterProtocol.ORDER);
        frame.putLong(ClusterProtocol.MSG_NO_OFFSET, msgNo, ClusterProtocol.ORDER);
        frame.putBytes(ClusterProtocol.EVENT_HEADER_LENGTH, message);
        return ClusterProtocol.EVENT_HEADER_LENGTH + message.length;
    }

    static final class FakeCluster
    {
        final List<byte[]> egress = new ArrayList<>();
        Cluster.Role role = Cluster.Role.LEADER;
        final ClientSession session = (ClientSession) Proxy.newProxyInstance(
            ServiceFixtures.class.getClassLoader(), new Class<?>[]{ ClientSession.class },
            (proxy, method, args) ->
            {
                switch (method.getName())
                {
                    case "offer":
                        final DirectBuffer buffer = (DirectBuffer) args[0];
                        final byte[] bytes = new byte[(Integer) args[2]];
                        buffer.getBytes((Integer) args[1], bytes);
                        egress.add(bytes);
                        return 1L;
                    case "id":
                        return 1L;
                    case "isClosing":
                        return false;
                    case "hashCode":
                        return 1;
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "session 1";
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
        @SuppressWarnings("unchecked")
        final Cluster cluster = (Cluster) Proxy.newProxyInstance(
            ServiceFixtures.class.getClassLoader(), new Class<?>[]{ Cluster.class },
            (proxy, method, args) ->
            {
                switch (method.getName())
                {
                    case "role":
                        return role;
                    case "memberId":
                        return 0;
                    case "timeUnit":
                        return TimeUnit.MILLISECONDS;
                    case "idleStrategy":
                        return NoOpIdleStrategy.INSTANCE;
                    case "forEachClientSession":
                        ((Consumer<ClientSession>) args[0]).accept(session);
                        return null;
                    case "hashCode":
                        return 2;
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "fake cluster";
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }

    record Output(long seq, byte[] bytes)
    {
        static Output of(final long seq, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return new Output(seq, bytes);
        }
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        if (Files.exists(dir))
        {
            try (var paths = Files.walk(dir))
            {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
            }
        }
    }
}
