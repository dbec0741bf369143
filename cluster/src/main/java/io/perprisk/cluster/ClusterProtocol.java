package io.perprisk.cluster;

import java.nio.ByteOrder;

/**
 * The envelope around perp-risk's SBE messages on the cluster's ingress and egress, little-endian.
 * <p>
 * Ingress (client to cluster log):
 * <ul>
 *     <li>{@link #EVENT}: {@code type:int32, clientId:int64, msgNo:int64}, then the inbound SBE message. A client
 *     numbers its messages 1, 2, 3 ...; the service applies message {@code n} of a client only after {@code n - 1}
 *     and only once.</li>
 *     <li>{@link #RESEND}: {@code type:int32, clientId:int64, fromSeq:int64}: the leader sends the requesting
 *     session every recorded output of events {@code >= fromSeq} again, from its outbound journal; fromSeq 0 means
 *     from the event of the client's first message.</li>
 * </ul>
 * Egress (leader to client):
 * <ul>
 *     <li>{@link #OUTPUT}: {@code type:int32, seq:int64, index:int32, outputNo:int64}, then the outbound SBE
 *     message; {@code index} numbers the outputs of one event from 0, so a client can drop what it already has after
 *     a resend; {@code outputNo} numbers every output of the cluster (replicated state), so a client sees a gap if
 *     egress dropped one (a session not connected for a moment) and asks for a resend.</li>
 *     <li>{@link #ACK}: {@code type:int32, clientId:int64, msgNo:int64, seq:int64, firstSeq:int64, outputs:int32}:
 *     the client's messages up to {@code msgNo} are applied, {@code msgNo} as event {@code seq}, which had
 *     {@code outputs} outputs (sent before the ACK: a client that received fewer asks for a resend; -1 in the answer
 *     to a duplicate); its message 1 was event {@code firstSeq}. A duplicate is answered with the client's latest
 *     applied message.</li>
 *     <li>{@link #RESENT_OUTPUT}: as {@link #OUTPUT}, an output sent again in answer to a {@link #RESEND}.</li>
 *     <li>{@link #RESEND_END}: {@code type:int32, clientId:int64, throughSeq:int64, outputNo:int64}: the resend is
 *     complete; live outputs follow, numbered from {@code outputNo + 1}. A client that asked for a resend ignores
 *     live outputs until this arrives (they are in the resend), so no output is skipped across a leader
 *     change.</li>
 *     <li>{@link #GAP}: {@code type:int32, clientId:int64, expectedMsgNo:int64}: a message arrived ahead of its
 *     predecessor (lost in a leader change) and was not applied; send again from {@code expectedMsgNo}.</li>
 * </ul>
 */
public final class ClusterProtocol
{
    /**
     * Byte order of every field of the envelope.
     */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Ingress: an inbound message of a client.
     */
    public static final int EVENT = 1;

    /**
     * Ingress: ask the leader to send recorded outputs again.
     */
    public static final int RESEND = 2;

    /**
     * Egress: one outbound message.
     */
    public static final int OUTPUT = 11;

    /**
     * Egress: acknowledgement of a client's messages.
     */
    public static final int ACK = 12;

    /**
     * Egress: a message arrived out of order and was not applied.
     */
    public static final int GAP = 13;

    /**
     * Egress: an output sent again.
     */
    public static final int RESENT_OUTPUT = 14;

    /**
     * Egress: end of a resend.
     */
    public static final int RESEND_END = 15;

    /**
     * Length of a RESEND_END.
     */
    public static final int RESEND_END_LENGTH = 24;

    /**
     * Offset of the type field.
     */
    public static final int TYPE_OFFSET = 0;

    /**
     * Offset of the client id (EVENT, RESEND, ACK, GAP).
     */
    public static final int CLIENT_ID_OFFSET = 4;

    /**
     * Offset of the message number (EVENT, ACK) or from-seq (RESEND) or expected message number (GAP).
     */
    public static final int MSG_NO_OFFSET = 12;

    /**
     * Length of the EVENT header; the SBE message follows.
     */
    public static final int EVENT_HEADER_LENGTH = 20;

    /**
     * Length of a RESEND request.
     */
    public static final int RESEND_LENGTH = 20;

    /**
     * Offset of the seq in an OUTPUT.
     */
    public static final int OUTPUT_SEQ_OFFSET = 4;

    /**
     * Offset of the index in an OUTPUT.
     */
    public static final int OUTPUT_INDEX_OFFSET = 12;

    /**
     * Offset of the output number in an OUTPUT (every output the cluster has produced, counted from 1; replicated
     * state, so consecutive on a session across leader changes) and of the current output number in a RESEND_END.
     */
    public static final int OUTPUT_NO_OFFSET = 16;

    /**
     * Length of the OUTPUT header; the SBE message follows.
     */
    public static final int OUTPUT_HEADER_LENGTH = 24;

    /**
     * Offset of the seq in an ACK.
     */
    public static final int ACK_SEQ_OFFSET = 20;

    /**
     * Offset of the client's first seq in an ACK.
     */
    public static final int ACK_FIRST_SEQ_OFFSET = 28;

    /**
     * Offset of the number of outputs of the acknowledged event in an ACK.
     */
    public static final int ACK_OUTPUTS_OFFSET = 36;

    /**
     * Length of an ACK.
     */
    public static final int ACK_LENGTH = 40;

    /**
     * Length of a GAP.
     */
    public static final int GAP_LENGTH = 20;

    private ClusterProtocol()
    {
    }
}
