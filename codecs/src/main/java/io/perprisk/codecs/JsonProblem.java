package io.perprisk.codecs;

/**
 * What is wrong with a line of the JSON Lines text form, as reported by {@link JsonFormatException#problem()}.
 */
public enum JsonProblem
{
    /**
     * The line is not a single well-formed JSON object.
     */
    MALFORMED_JSON,

    /**
     * The {@code "type"} names no message of the schema.
     */
    UNKNOWN_TYPE,

    /**
     * A field of the message (or {@code "type"} itself) is absent.
     */
    MISSING_FIELD,

    /**
     * A key names no field of the message.
     */
    UNKNOWN_FIELD,

    /**
     * A key appears twice in the same object.
     */
    DUPLICATE_FIELD,

    /**
     * The JSON value is of the wrong kind for the field, e.g. an object where a number is expected, or
     * {@code null} for a required field.
     */
    WRONG_KIND,

    /**
     * A string or number is not a valid decimal, or a number is not an integer where one is required.
     */
    INVALID_NUMBER,

    /**
     * A decimal has more than eight significant decimal places; it is never rounded.
     */
    TOO_MANY_DECIMALS,

    /**
     * A number does not fit the field: the raw int64 value, the primitive type or the schema's bounds.
     */
    OUT_OF_RANGE,

    /**
     * A string names no value of the field's enum.
     */
    UNKNOWN_ENUM,

    /**
     * A string or repeating group is longer than its length field allows, or a line encodes to a frame longer than
     * {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH}, the longest inbound frame the service accepts.
     */
    TOO_LONG,

    /**
     * The line names an outbound message (one the service sends, such as {@code EventRejected}) where only inbound
     * messages may stand: an input file for {@code scenario} or {@code send}.
     */
    NOT_INBOUND,

    /**
     * The bytes of the line are not valid UTF-8; the message names the column of the first bad byte.
     */
    INVALID_UTF8
}
