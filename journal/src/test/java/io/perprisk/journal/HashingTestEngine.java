package io.perprisk.journal;

import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Deterministic stand-in for the engine in journal tests: folds every event's bytes into a hash, keeps a balance per
 * account slot, and emits 0 to 2 AccountUpdate messages per event depending on the hash. Snapshots hold the whole
 * state (plus optional padding to make them large).
 */
public final class HashingTestEngine implements RiskEngine
{
    static final int SLOTS = 64;

    private final OutboundHandler handler;
    private final int snapshotPadding;
    private final UnsafeBuffer outBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AccountUpdateEncoder accountUpdate = new AccountUpdateEncoder();
    private final long[] balances = new long[SLOTS];
    private long lastAppliedSeq;
    private long hash = 0x9E3779B97F4A7C15L;
    private long events;
    private long emitted;

    /**
     * Create an empty test engine.
     *
     * @param handler receiving its outbound messages.
     */
    public HashingTestEngine(final OutboundHandler handler)
    {
        this(handler, 0);
    }

    HashingTestEngine(final OutboundHandler handler, final int snapshotPadding)
    {
        this.handler = handler;
        this.snapshotPadding = snapshotPadding;
    }

    @Override
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq <= lastAppliedSeq)
        {
            throw new IllegalArgumentException("seq " + seq + " <= " + lastAppliedSeq);
        }
        long h = hash ^ seq;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (buffer.getByte(offset + i) & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        hash = h;
        lastAppliedSeq = seq;
        events++;
        final int slot = (int) ((h >>> 8) & (SLOTS - 1));
        balances[slot] += (h >>> 40) & 0xFFFF;
        final int outputs = (int) Long.remainderUnsigned(h >>> 1, 3);
        for (int i = 0; i < outputs; i++)
        {
            accountUpdate.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .seq(seq)
                .accountId(slot + 1 + i)
                .walletBalance(balances[slot])
                .collateralValue(h)
                .unrealizedPnl(events)
                .marginBalance(balances[slot] - i)
                .initialMargin(0)
                .maintenanceMargin(0)
                .orderMargin(0)
                .availableBalance(balances[slot])
                .withdrawable(balances[slot])
                .marginRatio(AccountUpdateEncoder.marginRatioNullValue())
                .inLiquidation(BooleanType.FALSE);
            emitted++;
            handler.onOutbound(seq, outBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + accountUpdate.encodedLength());
        }
    }

    @Override
    public long lastAppliedSeq()
    {
        return lastAppliedSeq;
    }

    @Override
    public String digest()
    {
        long d = hash * 31 + lastAppliedSeq;
        for (final long balance : balances)
        {
            d = d * 31 + balance;
        }
        return String.format("%016x%016x", d, events);
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        buffer.putLong(position, lastAppliedSeq);
        position += 8;
        buffer.putLong(position, hash);
        position += 8;
        buffer.putLong(position, events);
        position += 8;
        buffer.putLong(position, emitted);
        position += 8;
        for (final long balance : balances)
        {
            buffer.putLong(position, balance);
            position += 8;
        }
        buffer.putInt(position, snapshotPadding);
        position += 4;
        buffer.setMemory(position, snapshotPadding, (byte) 0x5A);
        position += snapshotPadding;
        return position - offset;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        final int fixed = 32 + 8 * SLOTS + 4;
        if (length < fixed || length != fixed + buffer.getInt(offset + fixed - 4))
        {
            throw new IllegalArgumentException("snapshot length " + length);
        }
        int position = offset;
        lastAppliedSeq = buffer.getLong(position);
        position += 8;
        hash = buffer.getLong(position);
        position += 8;
        events = buffer.getLong(position);
        position += 8;
        emitted = buffer.getLong(position);
        position += 8;
        for (int i = 0; i < SLOTS; i++)
        {
            balances[i] = buffer.getLong(position);
            position += 8;
        }
    }

    @Override
    public EngineCounters counters()
    {
        return new EngineCounters()
        {
            public long eventsApplied()
            {
                return events;
            }

            public long eventsByTemplate(final int templateId)
            {
                return 0;
            }

            public long rejectsByReason(final int reasonCode)
            {
                return 0;
            }

            public long ordersAccepted()
            {
                return 0;
            }

            public long ordersRejected()
            {
                return 0;
            }

            public long liquidationsStarted()
            {
                return emitted;
            }

            public long autoDeleverages()
            {
                return 0;
            }

            public long fillAnomalies()
            {
                return 0;
            }

            public long insuranceFundBalance()
            {
                return 0;
            }

            public long accounts()
            {
                return SLOTS;
            }
        };
    }

    @Override
    public EngineLedger ledger()
    {
        throw new UnsupportedOperationException("no ledger in the test engine");
    }
}
