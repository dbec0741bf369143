package io.perprisk.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.aeron.Subscription;
import io.perprisk.client.StreamRole;
import io.perprisk.codecs.FrameLimits;
import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.gateway.ingress.FrameValidator;
import io.perprisk.gateway.ingress.InboundSlot;
import io.perprisk.gateway.ingress.IngressAgent;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the inbound path: the service's frame checks ({@link FrameValidator} inside the real
 * {@link IngressAgent}) with the production engine behind them, over a small funded book.
 * <p>
 * An input is a sequence of frames, each {@code [stream byte][length: uint16 LE][frame bytes]} (the stream byte
 * modulo 3 picks trading, prices or admin). Each input starts from the same state. Properties, after every frame:
 * <ul>
 *     <li>no exception escapes the validator or the engine;</li>
 *     <li>every frame gets exactly one answer: a frame refused by ingress yields one {@code EventRejected} and
 *     nothing else; a frame the engine refuses yields one {@code EventRejected} and nothing else; a {@code NewOrder}
 *     yields exactly one of accepted/rejected, a {@code Withdraw} exactly one of accepted/rejected; every output
 *     carries the frame's seq;</li>
 *     <li>a rejected frame leaves the state digest unchanged;</li>
 *     <li>money is conserved (docs/arithmetic.md §5) by every frame but a {@code Fill} (its counterparty may be
 *     outside this book: the fuzzer's one-sided fills move money in or out), while every instrument settles in
 *     asset 1.</li>
 * </ul>
 * In the default build this runs as a regression test over the checked-in seeds in {@code FrameFuzzTestInputs};
 * with {@code JAZZER_FUZZ=1} (the slow group's {@code fuzz-frames} execution) Jazzer fuzzes it for a bounded time.
 */
class FrameFuzzTest
{
    private static final String[] SETUP = {
        "{\"type\":\"AssetDefinition\",\"assetId\":1,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"USDT\"}",
        "{\"type\":\"AssetDefinition\",\"assetId\":2,\"price\":\"50000\",\"collateralRatio\":\"0.95\"," +
            "\"symbol\":\"BTC\"}",
        "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":1,\"tickSize\":\"0.1\"," +
            "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.01\",\"liquidationPriceBand\":\"0.05\"," +
            "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"250000\",\"maxLeverage\":50," +
            "\"maintenanceMarginRate\":\"0.004\"},{\"notionalCap\":\"1000000000\",\"maxLeverage\":20," +
            "\"maintenanceMarginRate\":\"0.01\"}],\"symbol\":\"BTCUSDT\"}",
        "{\"type\":\"MarkPrice\",\"instrumentId\":1,\"price\":\"50000\",\"timestamp\":1}",
        "{\"type\":\"AccountOpen\",\"accountId\":1}",
        "{\"type\":\"AccountOpen\",\"accountId\":2}",
        "{\"type\":\"AccountOpen\",\"accountId\":3}",
        "{\"type\":\"Deposit\",\"accountId\":1,\"assetId\":1,\"amount\":\"10000\"}",
        "{\"type\":\"Deposit\",\"accountId\":2,\"assetId\":1,\"amount\":\"10000\"}",
        "{\"type\":\"Deposit\",\"accountId\":3,\"assetId\":2,\"amount\":\"0.5\"}",
        "{\"type\":\"InsuranceFundDeposit\",\"assetId\":1,\"amount\":\"100000\"}",
        "{\"type\":\"NewOrder\",\"orderId\":1,\"accountId\":1,\"instrumentId\":1,\"side\":\"BUY\"," +
            "\"price\":\"50000\",\"quantity\":\"0.1\",\"reduceOnly\":false}",
        "{\"type\":\"Fill\",\"tradeId\":1,\"orderId\":1,\"accountId\":1,\"instrumentId\":1,\"side\":\"BUY\"," +
            "\"price\":\"50000\",\"quantity\":\"0.1\",\"fee\":\"2\",\"timestamp\":2}",
        "{\"type\":\"Fill\",\"tradeId\":1,\"orderId\":2,\"accountId\":2,\"instrumentId\":1,\"side\":\"SELL\"," +
            "\"price\":\"50000\",\"quantity\":\"0.1\",\"fee\":\"-1\",\"timestamp\":2}",
    };
    private static final StreamRole[] ROLES = StreamRole.values();
    private static final byte[][] SETUP_FRAMES = encodeSetup();
    private static final CountersManager COUNTERS_MANAGER = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * CountersManager.METADATA_LENGTH)),
        new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * CountersManager.COUNTER_LENGTH)));
    private static final GatewayCounters COUNTERS =
        new GatewayCounters((typeId, label) -> COUNTERS_MANAGER.newCounter(label, typeId));

    private final Outputs outputs = new Outputs();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private PerpRiskEngine engine;
    private RingBuffer<InboundSlot> ring;
    private IngressAgent ingress;
    private boolean singleSettleAsset;
    private boolean settingUp;
    private long imbalance;

    @FuzzTest(maxDuration = "45s")
    void everyFrameGetsOneAnswerAndRejectsChangeNothing(final byte[] input)
    {
        start();
        int position = 0;
        while (position + 3 <= input.length)
        {
            final StreamRole role = ROLES[(input[position] & 0xFF) % ROLES.length];
            final int declared = (input[position + 1] & 0xFF) | (input[position + 2] & 0xFF) << 8;
            position += 3;
            final int length = Math.min(declared, input.length - position);
            final byte[] bytes = new byte[length];
            System.arraycopy(input, position, bytes, 0, length);
            position += length;
            apply(role, bytes);
        }
    }

    private void start()
    {
        outputs.clear();
        engine = new PerpRiskEngine(new EngineConfiguration().maxAccounts(16).maxInstruments(4).maxAssets(4), outputs);
        ring = RingBuffer.createSingleProducer(
            InboundSlot.factory(FrameLimits.MAX_INBOUND_FRAME_LENGTH), 4, new SleepingWaitStrategy());
        ingress = new IngressAgent(new Subscription[0], new StreamRole[0], ring,
            new FrameValidator(FrameLimits.MAX_INBOUND_FRAME_LENGTH), () -> 0, COUNTERS, 1, 10);
        singleSettleAsset = true;
        settingUp = true;
        for (final byte[] setupFrame : SETUP_FRAMES)
        {
            final int templateId = templateIdOf(setupFrame);
            final StreamRole role = StreamRole.forTemplate(templateId);
            apply(role, setupFrame);
            assertEquals(0, outputs.count(EventRejectedDecoder.TEMPLATE_ID), "the setup is accepted");
        }
        settingUp = false;
    }

    private void apply(final StreamRole role, final byte[] bytes)
    {
        outputs.clear();
        final String before = engine.digest();
        frame.wrap(bytes);

        ingress.beginDutyCycle();
        ingress.onFrame(role, 1000 + role.ordinal(), frame, 0, bytes.length);
        ingress.endDutyCycle();
        final long ringSequence = ring.getCursor();
        final InboundSlot slot = ring.get(ringSequence);
        final boolean refusedByIngress = templateIdOf(slot.buffer(), slot.length()) == EventRejectedDecoder.TEMPLATE_ID;
        final long seq = slot.seq();
        engine.onEvent(seq, slot.buffer(), 0, slot.length());

        for (int i = 0; i < outputs.seqs.size(); i++)
        {
            assertEquals(seq, outputs.seqs.get(i), "every output carries the frame's seq");
        }
        final int rejects = outputs.count(EventRejectedDecoder.TEMPLATE_ID);
        if (refusedByIngress)
        {
            assertEquals(1, outputs.templates.size(), "a frame refused by ingress gets exactly one answer");
            assertEquals(1, rejects, "... an EventRejected");
        }
        else
        {
            assertTrue(rejects <= 1, "at most one EventRejected");
            if (rejects == 1)
            {
                assertEquals(1, outputs.templates.size(), "a refused frame gets its EventRejected only");
            }
            final int templateId = templateIdOf(bytes);
            if (templateId == NewOrderDecoder.TEMPLATE_ID)
            {
                assertEquals(1, rejects + outputs.count(OrderAcceptedDecoder.TEMPLATE_ID) +
                    outputs.count(OrderRejectedDecoder.TEMPLATE_ID), "a NewOrder gets exactly one answer");
            }
            if (templateId == WithdrawDecoder.TEMPLATE_ID)
            {
                assertEquals(1, rejects + outputs.count(WithdrawAcceptedDecoder.TEMPLATE_ID) +
                    outputs.count(WithdrawRejectedDecoder.TEMPLATE_ID), "a Withdraw gets exactly one answer");
            }
            if (templateId == InstrumentDefinitionDecoder.TEMPLATE_ID && rejects == 0 &&
                settleAssetOf(bytes) != 1)
            {
                singleSettleAsset = false;
            }
        }
        if (rejects > 0)
        {
            assertEquals(before, engine.digest(), "a rejected frame leaves the state unchanged");
        }
        final boolean fill = !refusedByIngress && templateIdOf(bytes) == FillDecoder.TEMPLATE_ID;
        if (singleSettleAsset && (settingUp || fill))
        {
            imbalance = imbalance();
        }
        else if (singleSettleAsset)
        {
            assertEquals(imbalance, imbalance(), "money is conserved: no frame creates or destroys any");
        }
    }

    /**
     * Net deposits of the settlement asset less where the ledger says the money is (docs/arithmetic.md §5); only
     * its change is checked, so the check does not depend on how the setup's insurance fund deposit is booked.
     */
    private long imbalance()
    {
        final EngineLedger l = engine.ledger();
        return l.totalDeposits(1) - l.totalWithdrawals(1) - (l.totalWallets(1) + l.totalIsolatedMargin() +
            l.insuranceFund(1) + l.feesCollected() + l.fundingClearing() - l.totalSignedEntryCost());
    }

    private int templateIdOf(final byte[] bytes)
    {
        return bytes.length < MessageHeaderDecoder.ENCODED_LENGTH ? -1 :
            (bytes[2] & 0xFF) | (bytes[3] & 0xFF) << 8;
    }

    private int templateIdOf(final DirectBuffer buffer, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return -1;
        }
        header.wrap(buffer, 0);
        return header.templateId();
    }

    private static int settleAssetOf(final byte[] bytes)
    {
        final int offset =
            MessageHeaderDecoder.ENCODED_LENGTH + InstrumentDefinitionDecoder.settleAssetIdEncodingOffset();
        return offset + 4 <= bytes.length ? new UnsafeBuffer(bytes).getInt(offset, LITTLE_ENDIAN) : 1;
    }

    private static byte[][] encodeSetup()
    {
        final JsonLineReader reader = JsonLineReader.forInbound(MessageCatalog.load());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final byte[][] frames = new byte[SETUP.length][];
        try
        {
            for (int i = 0; i < SETUP.length; i++)
            {
                final int length = reader.read(i + 1, SETUP[i], buffer, 0);
                frames[i] = new byte[length];
                buffer.getBytes(0, frames[i]);
            }
        }
        catch (final JsonFormatException ex)
        {
            throw new IllegalStateException(ex);
        }
        return frames;
    }

    private static final class Outputs implements io.perprisk.engine.OutboundHandler
    {
        private final IntArrayList templates = new IntArrayList();
        private final org.agrona.collections.LongArrayList seqs = new org.agrona.collections.LongArrayList();

        public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
        {
            seqs.addLong(seq);
            templates.addInt(buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF);
        }

        void clear()
        {
            templates.clear();
            seqs.clear();
        }

        int count(final int templateId)
        {
            int count = 0;
            for (int i = 0; i < templates.size(); i++)
            {
                if (templates.getInt(i) == templateId)
                {
                    count++;
                }
            }
            return count;
        }
    }
}
