package io.perprisk.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes and restores the full engine state with the snapshot SBE schema. Cold path.
 */
final class SnapshotCodec
{
    private SnapshotCodec()
    {
    }

    static int write(final PerpRiskEngine engine, final MutableDirectBuffer buffer, final int offset)
    {
        throw new UnsupportedOperationException("snapshot not written yet");
    }

    static void load(final PerpRiskEngine engine, final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("snapshot not written yet");
    }
}
