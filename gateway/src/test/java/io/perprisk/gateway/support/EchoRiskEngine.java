package io.perprisk.gateway.support;

import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedEncoder;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small deterministic {@link RiskEngine} for gateway tests: accepts every {@code NewOrder} (order margin =
 * quantity), keeps a wallet per account from {@code Deposit}s and answers each with an {@code AccountUpdate}; other
 * events change nothing. Optionally blocks on a gate before its first event, to fill the ring. Throws on the
 * {@link #POISON_ORDER_ID}.
 */
public final class EchoRiskEngine implements RiskEngine
{
    /**
     * A {@code NewOrder} with this order id makes the engine throw, to exercise the engine stage's exception handler.
     */
    public static final long POISON_ORDER_ID = 999_999_999L;

    private final OutboundHandler handler;
    private final CountDownLatch gate;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final AccountUpdateEncoder accountUpdate = new AccountUpdateEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    private final Long2LongHashMap wallets = new Long2LongHashMap(0);
    private long lastAppliedSeq;
    private long orders;

    /**
     * Create an engine.
     *
     * @param handler to emit to.
     * @param gate    awaited before the first event, or null.
     */
    public EchoRiskEngine(final OutboundHandler handler, final CountDownLatch gate)
    {
        this.handler = handler;
        this.gate = gate;
    }

    @Override
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != gate && lastAppliedSeq == 0)
        {
            try
            {
                gate.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        lastAppliedSeq = seq;
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        if (templateId == NewOrderDecoder.TEMPLATE_ID)
        {
            newOrder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            if (newOrder.orderId() == POISON_ORDER_ID)
            {
                throw new IllegalStateException("poison order");
            }
            orders++;
            orderAccepted.wrapAndApplyHeader(out, 0, headerEncoder)
                .seq(seq).orderId(newOrder.orderId()).accountId(newOrder.accountId()).orderMargin(newOrder.quantity());
            handler.onOutbound(seq, out, 0, MessageHeaderEncoder.ENCODED_LENGTH + orderAccepted.encodedLength());
        }
        else if (templateId == EventRejectedDecoder.TEMPLATE_ID)
        {
            // RiskEngine contract: a reject recorded by ingress is answered with the same reject.
            handler.onOutbound(seq, buffer, offset, length);
        }
        else if (templateId == DepositDecoder.TEMPLATE_ID)
        {
            deposit.wrapAndApplyHeader(buffer, offset, headerDecoder);
            final long accountId = deposit.accountId();
            final long balance = wallets.get(accountId) + deposit.amount();
            wallets.put(accountId, balance);
            accountUpdate.wrapAndApplyHeader(out, 0, headerEncoder)
                .seq(seq).accountId(accountId).walletBalance(balance).collateralValue(balance).unrealizedPnl(0)
                .marginBalance(balance).initialMargin(0).maintenanceMargin(0).orderMargin(0)
                .availableBalance(balance).withdrawable(balance).marginRatio(Long.MIN_VALUE)
                .inLiquidation(BooleanType.FALSE);
            handler.onOutbound(seq, out, 0, MessageHeaderEncoder.ENCODED_LENGTH + accountUpdate.encodedLength());
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
        final long[] accounts = new long[wallets.size()];
        int i = 0;
        final Long2LongHashMap.KeyIterator keys = wallets.keySet().iterator();
        while (keys.hasNext())
        {
            accounts[i++] = keys.nextValue();
        }
        Arrays.sort(accounts);
        final StringBuilder sb = new StringBuilder().append("orders=").append(orders);
        for (final long accountId : accounts)
        {
            sb.append(',').append(accountId).append('=').append(wallets.get(accountId));
        }
        return sb.toString();
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        buffer.putLong(position, lastAppliedSeq);
        buffer.putLong(position + 8, orders);
        buffer.putInt(position + 16, wallets.size());
        position += 20;
        final Long2LongHashMap.EntryIterator entries = wallets.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            buffer.putLong(position, entries.getLongKey());
            buffer.putLong(position + 8, entries.getLongValue());
            position += 16;
        }
        return position - offset;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        lastAppliedSeq = buffer.getLong(offset);
        orders = buffer.getLong(offset + 8);
        final int size = buffer.getInt(offset + 16);
        wallets.clear();
        for (int i = 0; i < size; i++)
        {
            wallets.put(buffer.getLong(offset + 20 + i * 16), buffer.getLong(offset + 28 + i * 16));
        }
    }

    @Override
    public EngineCounters counters()
    {
        return new EngineCounters()
        {
            public long eventsApplied()
            {
                return lastAppliedSeq;
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
                return orders;
            }

            public long ordersRejected()
            {
                return 0;
            }

            public long liquidationsStarted()
            {
                return 0;
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
                return wallets.size();
            }
        };
    }

    @Override
    public EngineLedger ledger()
    {
        throw new UnsupportedOperationException("not needed by the gateway");
    }
}
