package io.perprisk.codecs;

import uk.co.real_logic.sbe.PrimitiveType;

import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * A variable-length string: a length prefix followed by the encoded characters.
 */
final class VarDataLayout
{
    final String name;
    final int sinceVersion;
    final ByteOrder byteOrder;
    final PrimitiveType lengthType;
    final int lengthSize;
    final long maxLength;
    final Charset charset;

    VarDataLayout(
        final String name,
        final int sinceVersion,
        final ByteOrder byteOrder,
        final PrimitiveType lengthType,
        final long maxLength,
        final Charset charset)
    {
        this.name = name;
        this.sinceVersion = sinceVersion;
        this.byteOrder = byteOrder;
        this.lengthType = lengthType;
        this.lengthSize = lengthType.size();
        this.maxLength = maxLength;
        this.charset = charset;
    }
}
