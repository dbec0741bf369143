package io.perprisk.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;

import java.nio.ByteOrder;

/**
 * One fixed-size field of a message or group block, as derived from the SBE IR.
 */
final class FieldLayout
{
    /**
     * How a field is written in the text form.
     */
    enum Kind
    {
        /**
         * Fixed-point value times 10^8 written as a decimal string.
         */
        DECIMAL,

        /**
         * Integer written as a JSON number.
         */
        INTEGER,

        /**
         * Enum written as the name of its value.
         */
        ENUM,

        /**
         * {@code BooleanType} written as JSON {@code true} or {@code false}.
         */
        BOOLEAN
    }

    final String name;
    final Kind kind;
    final PrimitiveType type;
    final ByteOrder byteOrder;
    final int offset;
    final int sinceVersion;
    final boolean optional;
    final long nullValue;
    final long minValue;
    final long maxValue;
    final String[] enumNames;
    final long[] enumValues;

    FieldLayout(
        final String name,
        final Kind kind,
        final PrimitiveType type,
        final ByteOrder byteOrder,
        final int offset,
        final int sinceVersion,
        final boolean optional,
        final long nullValue,
        final long minValue,
        final long maxValue,
        final String[] enumNames,
        final long[] enumValues)
    {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.byteOrder = byteOrder;
        this.offset = offset;
        this.sinceVersion = sinceVersion;
        this.optional = optional;
        this.nullValue = nullValue;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.enumNames = enumNames;
        this.enumValues = enumValues;
    }

    long get(final DirectBuffer buffer, final int blockOffset)
    {
        return Primitives.get(buffer, blockOffset + offset, type, byteOrder);
    }

    void put(final MutableDirectBuffer buffer, final int blockOffset, final long value)
    {
        Primitives.put(buffer, blockOffset + offset, type, byteOrder, value);
    }

    /**
     * Name of an enum value.
     *
     * @param raw value as encoded.
     * @return the name, or null if the value is not one of the enum's.
     */
    String enumName(final long raw)
    {
        for (int i = 0; i < enumValues.length; i++)
        {
            if (enumValues[i] == raw)
            {
                return enumNames[i];
            }
        }

        return null;
    }

    /**
     * Index of an enum value by name.
     *
     * @param valueName of the value.
     * @return its index in {@link #enumValues}, or -1 if unknown.
     */
    int enumIndex(final String valueName)
    {
        for (int i = 0; i < enumNames.length; i++)
        {
            if (enumNames[i].equals(valueName))
            {
                return i;
            }
        }

        return -1;
    }
}
