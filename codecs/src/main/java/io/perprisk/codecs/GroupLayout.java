package io.perprisk.codecs;

import uk.co.real_logic.sbe.PrimitiveType;

import java.nio.ByteOrder;

/**
 * A repeating group: its dimension header and the layout of each entry.
 */
final class GroupLayout
{
    final String name;
    final int sinceVersion;
    final ByteOrder byteOrder;
    final int headerLength;
    final int blockLengthOffset;
    final PrimitiveType blockLengthType;
    final int numInGroupOffset;
    final PrimitiveType numInGroupType;
    final long maxCount;
    final BlockLayout entry;

    GroupLayout(
        final String name,
        final int sinceVersion,
        final ByteOrder byteOrder,
        final int headerLength,
        final int blockLengthOffset,
        final PrimitiveType blockLengthType,
        final int numInGroupOffset,
        final PrimitiveType numInGroupType,
        final long maxCount,
        final BlockLayout entry)
    {
        this.name = name;
        this.sinceVersion = sinceVersion;
        this.byteOrder = byteOrder;
        this.headerLength = headerLength;
        this.blockLengthOffset = blockLengthOffset;
        this.blockLengthType = blockLengthType;
        this.numInGroupOffset = numInGroupOffset;
        this.numInGroupType = numInGroupType;
        this.maxCount = maxCount;
        this.entry = entry;
    }
}
