package io.perprisk.engine.corpus;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one corpus stream through a fresh {@link PerpRiskEngine} and fingerprints what goes in and what comes out.
 * <p>
 * Inbound events are numbered 1, 2, 3 … in order. The outbound fingerprint is the SHA-256 of every outbound message
 * framed as {@code seq} (int64, little-endian), {@code length} (int32, little-endian), then the message bytes, header
 * first, in the order the engine emitted them: equal fingerprints mean the same messages, byte for byte, under the
 * same seqs. The inbound fingerprint hashes each event as {@code length} (int32, little-endian) then its bytes.
 * Every {@code checkpointInterval} events the outbound hash so far is recorded, so that a difference can be placed
 * within one interval of events. Cold path: allocates freely.
 */
final class CorpusRun
{
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest inboundHash = sha256();
    private final MessageDigest outboundHash = sha256();
    private final byte[] frame = new byte[12];
    private final UnsafeBuffer frameBuffer = new UnsafeBuffer(frame);
    private final Map<Long, String> checkpoints = new LinkedHashMap<>();
    private final CorpusSource source;
    private byte[] scratch = new byte[1024];
    private long events;
    private long outboundMessages;
    private long outboundBytes;
    private String digest;

    private CorpusRun(final CorpusSource source)
    {
        this.source = source;
    }

    /**
     * Run a source to its end through a new engine.
     *
     * @param configuration      of the engine.
     * @param source             of the inbound events; it sees every outbound message.
     * @param checkpointInterval events between recorded outbound hashes.
     * @return the finished run.
     */
    static CorpusRun run(final EngineConfiguration configuration, final CorpusSource source,
        final long checkpointInterval)
    {
        final CorpusRun run = new CorpusRun(source);
        final PerpRiskEngine engine = new PerpRiskEngine(configuration, run::onOutbound);
        final UnsafeBuffer inbound = new UnsafeBuffer(new byte[0]);
        for (byte[] message = source.next(); null != message; message = source.next())
        {
            run.events++;
            run.frameBuffer.putInt(0, message.length, ByteOrder.LITTLE_ENDIAN);
            run.inboundHash.update(run.frame, 0, 4);
            run.inboundHash.update(message);
            inbound.wrap(message);
            engine.onEvent(run.events, inbound, 0, message.length);
            if (0 == run.events % checkpointInterval)
            {
                run.checkpoints.put(run.events, run.outboundMessages + " " + hexSoFar(run.outboundHash));
            }
        }
        run.digest = engine.digest();
        return run;
    }

    private void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        frameBuffer.putLong(0, seq, ByteOrder.LITTLE_ENDIAN);
        frameBuffer.putInt(8, length, ByteOrder.LITTLE_ENDIAN);
        outboundHash.update(frame, 0, 12);
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        outboundHash.update(scratch, 0, length);
        outboundMessages++;
        outboundBytes += length;
        source.observe(buffer, offset, length);
    }

    long events()
    {
        return events;
    }

    long outboundMessages()
    {
        return outboundMessages;
    }

    long outboundBytes()
    {
        return outboundBytes;
    }

    String inboundSha256()
    {
        return hexSoFar(inboundHash);
    }

    String outboundSha256()
    {
        return hexSoFar(outboundHash);
    }

    String digest()
    {
        return digest;
    }

    /**
     * The outbound hashes at each checkpoint.
     *
     * @return event count to {@code "messages sha256"}, in order.
     */
    Map<Long, String> checkpoints()
    {
        return checkpoints;
    }

    private static String hexSoFar(final MessageDigest hash)
    {
        try
        {
            return HEX.formatHex(((MessageDigest) hash.clone()).digest());
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
