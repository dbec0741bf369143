package io.perprisk.perf.jmh;

import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FillEncoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedEncoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.PositionUpdateEncoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of the hot messages with the generated SBE flyweights, header included, over an off-heap buffer.
 * Each decode reads every field in schema order and returns a value derived from all of them.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    private static final int NEW_ORDER = 0;
    private static final int FILL = 128;
    private static final int MARK_PRICE = 256;
    private static final int ORDER_ACCEPTED = 384;
    private static final int POSITION_UPDATE = 512;

    private final UnsafeBuffer buffer =
        new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, BitUtil.CACHE_LINE_LENGTH));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final FillEncoder fillEncoder = new FillEncoder();
    private final FillDecoder fillDecoder = new FillDecoder();
    private final MarkPriceEncoder markPriceEncoder = new MarkPriceEncoder();
    private final MarkPriceDecoder markPriceDecoder = new MarkPriceDecoder();
    private final OrderAcceptedEncoder orderAcceptedEncoder = new OrderAcceptedEncoder();
    private final OrderAcceptedDecoder orderAcceptedDecoder = new OrderAcceptedDecoder();
    private final PositionUpdateEncoder positionUpdateEncoder = new PositionUpdateEncoder();
    private final PositionUpdateDecoder positionUpdateDecoder = new PositionUpdateDecoder();
    private long value = 5_000_000_000_000L;

    /**
     * Encode one of each message so the decode benchmarks read real messages.
     */
    @Setup
    public void setUp()
    {
        encodeNewOrder();
        encodeFill();
        encodeMarkPrice();
        encodeOrderAccepted();
        encodePositionUpdate();
    }

    /**
     * Encode a {@code NewOrder}.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encodeNewOrder()
    {
        final long v = ++value;
        newOrderEncoder.wrapAndApplyHeader(buffer, NEW_ORDER, headerEncoder)
            .orderId(v).accountId(7).instrumentId(1).side(Side.BUY).price(v).quantity(100_000_000L)
            .reduceOnly(BooleanType.FALSE);
        return newOrderEncoder.encodedLength();
    }

    /**
     * Decode a {@code NewOrder}.
     *
     * @return a value derived from every field.
     */
    @Benchmark
    public long decodeNewOrder()
    {
        final NewOrderDecoder d = newOrderDecoder.wrapAndApplyHeader(buffer, NEW_ORDER, headerDecoder);
        return d.orderId() + d.accountId() + d.instrumentId() + d.sideRaw() + d.price() + d.quantity() +
            d.reduceOnlyRaw();
    }

    /**
     * Encode a {@code Fill}.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encodeFill()
    {
        final long v = ++value;
        fillEncoder.wrapAndApplyHeader(buffer, FILL, headerEncoder)
            .tradeId(v).orderId(v).accountId(7).instrumentId(1).side(Side.SELL).price(v).quantity(100_000_000L)
            .fee(1_000).timestamp(v);
        return fillEncoder.encodedLength();
    }

    /**
     * Decode a {@code Fill}.
     *
     * @return a value derived from every field.
     */
    @Benchmark
    public long decodeFill()
    {
        final FillDecoder d = fillDecoder.wrapAndApplyHeader(buffer, FILL, headerDecoder);
        return d.tradeId() + d.orderId() + d.accountId() + d.instrumentId() + d.sideRaw() + d.price() +
            d.quantity() + d.fee() + d.timestamp();
    }

    /**
     * Encode a {@code MarkPrice}.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encodeMarkPrice()
    {
        final long v = ++value;
        markPriceEncoder.wrapAndApplyHeader(buffer, MARK_PRICE, headerEncoder).instrumentId(1).price(v).timestamp(v);
        return markPriceEncoder.encodedLength();
    }

    /**
     * Decode a {@code MarkPrice}.
     *
     * @return a value derived from every field.
     */
    @Benchmark
    public long decodeMarkPrice()
    {
        final MarkPriceDecoder d = markPriceDecoder.wrapAndApplyHeader(buffer, MARK_PRICE, headerDecoder);
        return d.instrumentId() + d.price() + d.timestamp();
    }

    /**
     * Encode an {@code OrderAccepted}.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encodeOrderAccepted()
    {
        final long v = ++value;
        orderAcceptedEncoder.wrapAndApplyHeader(buffer, ORDER_ACCEPTED, headerEncoder)
            .seq(v).orderId(v).accountId(7).orderMargin(v);
        return orderAcceptedEncoder.encodedLength();
    }

    /**
     * Decode an {@code OrderAccepted}.
     *
     * @return a value derived from every field.
     */
    @Benchmark
    public long decodeOrderAccepted()
    {
        final OrderAcceptedDecoder d = orderAcceptedDecoder.wrapAndApplyHeader(buffer, ORDER_ACCEPTED, headerDecoder);
        return d.seq() + d.orderId() + d.accountId() + d.orderMargin();
    }

    /**
     * Encode a {@code PositionUpdate}.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encodePositionUpdate()
    {
        final long v = ++value;
        positionUpdateEncoder.wrapAndApplyHeader(buffer, POSITION_UPDATE, headerEncoder)
            .seq(v).accountId(7).instrumentId(1).marginMode(MarginMode.CROSS).leverage(20).size(v)
            .entryPrice(v).markPrice(v).unrealizedPnl(v).realizedPnl(v).accruedFunding(v).isolatedMargin(0)
            .maintenanceMargin(v).liquidationPrice(v).bankruptcyPrice(v);
        return positionUpdateEncoder.encodedLength();
    }

    /**
     * Decode a {@code PositionUpdate}.
     *
     * @return a value derived from every field.
     */
    @Benchmark
    public long decodePositionUpdate()
    {
        final PositionUpdateDecoder d =
            positionUpdateDecoder.wrapAndApplyHeader(buffer, POSITION_UPDATE, headerDecoder);
        return d.seq() + d.accountId() + d.instrumentId() + d.marginModeRaw() + d.leverage() + d.size() +
            d.entryPrice() + d.markPrice() + d.unrealizedPnl() + d.realizedPnl() + d.accruedFunding() +
            d.isolatedMargin() + d.maintenanceMargin() + d.liquidationPrice() + d.bankruptcyPrice();
    }
}
