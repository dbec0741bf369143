package io.perprisk.perf.jmh;

import io.perprisk.perf.EngineWorkload;
import org.agrona.ExpandableArrayBuffer;

/**
 * Two pre-encoded inbound events applied to a workload's engine alternately (a price up and back, a funding rate
 * plus and minus), so that every operation starts from the same state, and a check that they emitted nothing.
 */
final class AlternatingEvents
{
    /**
     * Encodes one event into a buffer at an offset.
     */
    @FunctionalInterface
    interface Encoding
    {
        /**
         * Encode the event.
         *
         * @param buffer to encode into.
         * @param offset where the event starts.
         * @return its length.
         */
        int encode(ExpandableArrayBuffer buffer, int offset);
    }

    private static final int SECOND_OFFSET = 128;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final EngineWorkload workload;
    private final int firstLength;
    private final int secondLength;
    private final long messagesBefore;
    private boolean firstNext = true;

    AlternatingEvents(final EngineWorkload workload, final Encoding first, final Encoding second)
    {
        this.workload = workload;
        firstLength = first.encode(buffer, 0);
        secondLength = second.encode(buffer, SECOND_OFFSET);
        messagesBefore = workload.outboundMessages();
    }

    /**
     * Apply the next of the two events.
     *
     * @return outbound messages so far.
     */
    long applyNext()
    {
        if (firstNext)
        {
            workload.apply(buffer, 0, firstLength);
        }
        else
        {
            workload.apply(buffer, SECOND_OFFSET, secondLength);
        }
        firstNext = !firstNext;
        return workload.outboundMessages();
    }

    /**
     * Fail the trial if the events emitted anything (a margin call or a liquidation would measure something else).
     *
     * @param what the events, for the message.
     */
    void checkNothingFired(final String what)
    {
        final long emitted = workload.outboundMessages() - messagesBefore;
        if (emitted != 0)
        {
            throw new IllegalStateException(what + " emitted " + emitted + " messages; none should fire");
        }
    }
}
