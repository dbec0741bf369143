package io.perprisk.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The deterministic, single-threaded margin and liquidation state machine: {@code (state, event) -> (state',
 * outbound messages)}.
 * <p>
 * Contract used by the journal, the gateway and the tools:
 * <ul>
 *     <li>{@link #onEvent(long, DirectBuffer, int, int)} applies one inbound SBE message (header included) whose
 *     sequence number is strictly greater than {@link #lastAppliedSeq()}; every outbound message goes to the
 *     {@link OutboundHandler} before the call returns. A malformed or invalid event produces an
 *     {@code EventRejected} and leaves the state unchanged; it never throws.</li>
 *     <li>An inbound {@code EventRejected} is the record the gateway's ingress journals in place of a frame it
 *     refused; the engine answers it with the same reject (reason, template id, detail) under the event's seq, so
 *     a journal replays through the bare engine.</li>
 *     <li>No clocks, threads, I/O or randomness: the same events give the same outbound bytes.</li>
 *     <li>{@link #digest()} hashes the full state in a canonical order.</li>
 *     <li>{@link #writeSnapshot(MutableDirectBuffer, int)} and {@link #loadSnapshot(DirectBuffer, int, int)}
 *     encode and restore the full state with SBE; a restored engine behaves exactly as the original.</li>
 * </ul>
 * Not thread safe: one thread owns an instance.
 */
public interface RiskEngine
{
    /**
     * Apply one inbound event.
     *
     * @param seq    sequence number of the event, greater than {@link #lastAppliedSeq()}.
     * @param buffer holding the SBE-encoded inbound message, header first.
     * @param offset at which the message header starts.
     * @param length of the message in bytes, header included.
     */
    void onEvent(long seq, DirectBuffer buffer, int offset, int length);

    /**
     * Sequence number of the last event applied, 0 before the first.
     *
     * @return the last applied sequence number.
     */
    long lastAppliedSeq();

    /**
     * Hash of the full engine state, taken in canonical order (assets, instruments, accounts, orders by id), so
     * equal states give equal digests whatever the internal layout. Cold path: may allocate.
     *
     * @return the digest as lower-case hex.
     */
    String digest();

    /**
     * Encode the full state, tagged with {@link #lastAppliedSeq()}, into a buffer. Cold path.
     *
     * @param buffer to write into; it must be large enough (an expandable buffer grows as needed).
     * @param offset at which to start writing.
     * @return the number of bytes written.
     */
    int writeSnapshot(MutableDirectBuffer buffer, int offset);

    /**
     * Replace the whole state with one previously written by {@link #writeSnapshot(MutableDirectBuffer, int)}.
     *
     * @param buffer holding the snapshot.
     * @param offset at which the snapshot starts.
     * @param length of the snapshot in bytes.
     * @throws IllegalArgumentException if the snapshot is malformed, with a message saying what is wrong.
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length);

    /**
     * Engine counters (events, rejects by reason, orders, liquidations, anomalies) for observers.
     *
     * @return the live counters of this engine; read them on the engine thread or accept torn reads.
     */
    EngineCounters counters();

    /**
     * Ledger totals for conservation checks. Cold path.
     *
     * @return a view of the ledger totals.
     */
    EngineLedger ledger();
}
