package io.perprisk.journal;

import io.perprisk.codecs.sbe.DepositEncoder;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * A deterministic stream of valid inbound SBE messages: event {@code seq} depends on {@code seq} alone, so a
 * restarted writer can continue the same stream.
 */
final class TestEvents
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();

    static long receiveTime(final long seq)
    {
        return 1_700_000_000_000_000_000L + seq * 1_000L;
    }

    int encode(final long seq, final MutableDirectBuffer buffer, final int offset)
    {
        final long mix = mix(seq);
        if ((mix & 3) == 0)
        {
            markPrice.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .instrumentId(1 + (int) ((mix >>> 2) & 3))
                .price(5_000_000_000_000L + ((mix >>> 8) & 0xFFFFF) * 100_000_000L)
                .timestamp(receiveTime(seq));
            return MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength();
        }
        deposit.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .accountId(1 + ((mix >>> 2) & 1023))
            .assetId(1)
            .amount(((mix >>> 16) & 0xFFFF) * 100_000_000L);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    static long mix(final long seq)
    {
        long z = seq * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
