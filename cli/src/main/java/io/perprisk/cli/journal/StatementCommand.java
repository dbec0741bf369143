package io.perprisk.cli.journal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import io.perprisk.journal.InboundHandler;
import io.perprisk.journal.InboundReader;
import io.perprisk.journal.JournalCorruptedException;
import io.perprisk.journal.OutboundRecord;
import io.perprisk.journal.OutboundRecordHandler;
import io.perprisk.journal.OutboundTailer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code statement --journal DIR --account N [--settlement-asset ID]}: an account statement derived from the journal
 * alone. One row per event that moved the account's money or its liquidation state: deposits, withdrawals (and
 * refusals), fills, liquidation steps, auto-deleveraging, and any other event that changed the wallet balance. Balances
 * come from the engine's own outbound {@code AccountUpdate}/{@code PositionUpdate} messages; the last section
 * reconciles the opening balance plus the columns to the closing balance.
 */
@Command(name = "statement", description =
    "print an account statement (deposits, withdrawals, fills, liquidations, ADL, balance) from a journal")
public final class StatementCommand implements PerpRiskCommand, InboundHandler, OutboundRecordHandler
{
    private static final String ROW_FORMAT = "%8s  %-30s  %-22s  %5s  %4s  %14s  %12s  %12s  %14s  %14s  %14s  %16s%n";

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "the journal directory")
    private Path journalDir;

    @Option(names = "--account", paramLabel = "N", required = true, description = "the account")
    private long accountId;

    @Option(names = "--settlement-asset", paramLabel = "ID", defaultValue = "1",
        description = "the asset whose wallet balance the statement follows (default: 1)")
    private int settlementAssetId;

    private PrintStream out;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final WithdrawAcceptedDecoder withdrawAccepted = new WithdrawAcceptedDecoder();
    private final WithdrawRejectedDecoder withdrawRejected = new WithdrawRejectedDecoder();
    private final EventRejectedDecoder eventRejected = new EventRejectedDecoder();
    private final LiquidationStartedDecoder liquidationStarted = new LiquidationStartedDecoder();
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final LiquidationCompletedDecoder liquidationCompleted = new LiquidationCompletedDecoder();
    private final AutoDeleverageDecoder autoDeleverage = new AutoDeleverageDecoder();
    private final ExpandableDirectByteBuffer pendingDocument = new ExpandableDirectByteBuffer(4096);
    private final Map<Integer, long[]> positions = new HashMap<>();
    private final Set<Long> liquidationOrderIds = new HashSet<>();
    private OutboundTailer outbound;
    private boolean pending;
    private long pendingSeq;
    private int pendingLength;
    private long wallet;
    private long totalDeposits;
    private long totalWithdrawals;
    private long totalFees;
    private long totalRealized;
    private long totalOther;
    private long rows;
    private boolean accountOpened;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        final StatementCommand statement = this;
        try (InboundReader inbound = InboundReader.open(journalDir);
            OutboundTailer outbound = OutboundTailer.open(journalDir))
        {
            statement.outbound = outbound;
            statement.printHeader(journalDir);
            int polled;
            do
            {
                polled = inbound.poll(statement, 1024);
            }
            while (polled > 0);
            statement.printFooter(inbound.lastSeq());
            if (!statement.accountOpened)
            {
                out.flush();
                err.println("statement: account " + accountId + " was never opened in " + journalDir +
                    " (read through seq " + inbound.lastSeq() + ")");
                return ExitCode.USAGE;
            }
            return ExitCode.OK;
        }
        catch (final JournalCorruptedException ex)
        {
            out.flush();
            err.println("statement stopped: " + ex.getMessage());
            return ExitCode.CORRUPT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
        }
    }

    /**
     * Not for callers: receives inbound records.
     *
     * @param seq              of the event.
     * @param receiveTimeNanos of the event.
     * @param buffer           holding the message.
     * @param offset           of the message.
     * @param length           of the message.
     */
    public void onInbound(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        final List<String> notes = new ArrayList<>();
        String kind = null;
        String ref = "";
        String side = "";
        String price = "";
        String quantity = "";
        long fee = 0;
        long cash = 0;
        boolean showFee = false;
        boolean showCash = false;
        final int templateId = MessageAccounts.templateId(buffer, offset, length);
        if (MessageAccounts.concerns(buffer, offset, length, accountId))
        {
            switch (templateId)
            {
                case AccountOpenDecoder.TEMPLATE_ID:
                    kind = "ACCOUNT OPEN";
                    break;
                case DepositDecoder.TEMPLATE_ID:
                    deposit.wrapAndApplyHeader(buffer, offset, header);
                    kind = "DEPOSIT";
                    ref = "asset " + deposit.assetId();
                    cash = deposit.assetId() == settlementAssetId ? deposit.amount() : 0;
                    showCash = true;
                    notes.add("amount " + Decimals.decimal(deposit.amount()));
                    break;
                case WithdrawDecoder.TEMPLATE_ID:
                    withdraw.wrapAndApplyHeader(buffer, offset, header);
                    kind = "WITHDRAWAL REQUEST";
                    ref = "asset " + withdraw.assetId();
                    notes.add("request " + withdraw.requestId() + " amount " +
                        Decimals.decimal(withdraw.amount()));
                    break;
                case FillDecoder.TEMPLATE_ID:
                    fill.wrapAndApplyHeader(buffer, offset, header);
                    kind = liquidationOrderIds.contains(fill.orderId()) ? "FILL (liquidation order)" : "FILL";
                    ref = "instrument " + fill.instrumentId();
                    side = String.valueOf(fill.side());
                    price = Decimals.decimal(fill.price());
                    quantity = Decimals.decimal(fill.quantity());
                    fee = fill.fee();
                    showFee = true;
                    notes.add("trade " + fill.tradeId() + " order " + fill.orderId());
                    break;
                default:
                    break;
            }
        }

        long realized = 0;
        boolean walletReported = false;
        long newWallet = wallet;
        boolean rejected = false;
        while (true)
        {
            if (!pending && !outbound.pollRecord(this))
            {
                break;
            }
            if (pendingSeq > seq)
            {
                break;
            }
            pending = false;
            int position = 0;
            while (position < pendingLength)
            {
                final int messageLength = pendingDocument.getInt(position);
                final int messageOffset = position + OutboundRecord.MESSAGE_PREFIX_LENGTH;
                position = messageOffset + messageLength;
                final int outTemplate = MessageAccounts.templateId(pendingDocument, messageOffset, messageLength);
                if (EventRejectedDecoder.TEMPLATE_ID == outTemplate && null != kind)
                {
                    eventRejected.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                    rejected = true;
                    notes.add("REJECTED " + eventRejected.reason());
                    continue;
                }
                if (!MessageAccounts.concerns(pendingDocument, messageOffset, messageLength, accountId))
                {
                    continue;
                }
                switch (outTemplate)
                {
                    case AccountUpdateDecoder.TEMPLATE_ID:
                        accountUpdate.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        newWallet = accountUpdate.walletBalance();
                        walletReported = true;
                        break;
                    case PositionUpdateDecoder.TEMPLATE_ID:
                        realized += positionRealized(messageOffset);
                        break;
                    case WithdrawAcceptedDecoder.TEMPLATE_ID:
                        withdrawAccepted.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        kind = "WITHDRAWAL";
                        cash = ref.equals("asset " + settlementAssetId) ? -withdrawAccepted.amount() : 0;
                        showCash = true;
                        break;
                    case WithdrawRejectedDecoder.TEMPLATE_ID:
                        withdrawRejected.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        kind = "WITHDRAWAL REFUSED";
                        notes.add("reason " + withdrawRejected.reason());
                        break;
                    case LiquidationStartedDecoder.TEMPLATE_ID:
                        liquidationStarted.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        kind = null == kind ? "LIQUIDATION STARTED" : kind;
                        notes.add("liquidation started on " + scope(liquidationStarted.instrumentId()) +
                            ": margin balance " + Decimals.decimal(liquidationStarted.marginBalance()) +
                            " < maintenance " + Decimals.decimal(liquidationStarted.maintenanceMargin()));
                        break;
                    case LiquidationOrderDecoder.TEMPLATE_ID:
                        liquidationOrder.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        liquidationOrderIds.add(liquidationOrder.orderId());
                        kind = null == kind ? "LIQUIDATION ORDER" : kind;
                        notes.add("liquidation order " + liquidationOrder.orderId() + " " + liquidationOrder.side() +
                            " " + Decimals.decimal(liquidationOrder.quantity()) + " instrument " +
                            liquidationOrder.instrumentId() + " limit " +
                            Decimals.decimal(liquidationOrder.limitPrice()));
                        break;
                    case LiquidationCompletedDecoder.TEMPLATE_ID:
                        liquidationCompleted.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        kind = null == kind ? "LIQUIDATION COMPLETED" : kind;
                        notes.add("liquidation completed on " + scope(liquidationCompleted.instrumentId()));
                        break;
                    case AutoDeleverageDecoder.TEMPLATE_ID:
                        autoDeleverage.wrapAndApplyHeader(pendingDocument, messageOffset, header);
                        kind = null == kind ? "AUTO-DELEVERAGE" : kind;
                        notes.add((autoDeleverage.accountId() == accountId ?
                            "ADL against liquidated account " + autoDeleverage.liquidatedAccountId() :
                            "ADL counterparty account " + autoDeleverage.accountId()) + ": " +
                            autoDeleverage.side() + " " + Decimals.decimal(autoDeleverage.quantity()) +
                            " instrument " + autoDeleverage.instrumentId() + " at " +
                            Decimals.decimal(autoDeleverage.price()));
                        break;
                    default:
                        break;
                }
            }
        }

        final long walletChange = walletReported ? newWallet - wallet : 0;
        if (null == kind && walletChange != 0)
        {
            kind = "BALANCE CHANGE (template " + templateId + ")";
        }
        if (null == kind)
        {
            return;
        }
        if (rejected)
        {
            cash = 0;
            fee = 0;
        }
        else if (templateId == AccountOpenDecoder.TEMPLATE_ID)
        {
            accountOpened = true;
        }
        final long other = walletChange - cash - realized + fee;
        if (walletReported)
        {
            wallet = newWallet;
        }
        totalDeposits += Math.max(cash, 0);
        totalWithdrawals += Math.min(cash, 0);
        totalFees += fee;
        totalRealized += realized;
        totalOther += other;
        rows++;
        out.printf(ROW_FORMAT, seq, Instant.ofEpochSecond(0, receiveTimeNanos), kind, ref.replace("instrument ", "i")
            .replace("asset ", "a"), side, price, quantity, showFee && !rejected ? Decimals.decimal(fee) : "",
            realized != 0 ? Decimals.decimal(realized) : "",
            showCash && !rejected ? Decimals.decimal(cash) : "",
            other != 0 ? Decimals.decimal(other) : "",
            Decimals.decimal(wallet));
        for (final String note : notes)
        {
            out.println("          - " + note);
        }
    }

    /**
     * Not for callers: receives outbound documents.
     *
     * @param seq    of the event.
     * @param count  of messages.
     * @param buffer holding them.
     * @param offset of the first.
     * @param length of all.
     * @param index  of the document.
     */
    public void onEventOutputs(
        final long seq, final int count, final DirectBuffer buffer, final int offset, final int length,
        final long index)
    {
        pending = true;
        pendingSeq = seq;
        pendingLength = length;
        pendingDocument.putBytes(0, buffer, offset, length);
    }

    /**
     * Not for callers: state digests are not part of a statement.
     *
     * @param seq    of the digest.
     * @param digest recorded.
     * @param index  of the document.
     */
    public void onStateDigest(final long seq, final String digest, final long index)
    {
    }

    private long positionRealized(final int messageOffset)
    {
        positionUpdate.wrapAndApplyHeader(pendingDocument, messageOffset, header);
        final long size = positionUpdate.size();
        final long realizedTotal = positionUpdate.realizedPnl();
        final long[] previous = positions.computeIfAbsent(positionUpdate.instrumentId(), (id) -> new long[2]);
        // the running total restarts at the opening fill after the position was flat
        final long delta = 0 == previous[0] && 0 != size ? realizedTotal : realizedTotal - previous[1];
        previous[0] = size;
        previous[1] = realizedTotal;
        return delta;
    }

    private static String scope(final int instrumentId)
    {
        return 0 == instrumentId ? "cross margin" : "instrument " + instrumentId;
    }

    private void printHeader(final Path journalDir)
    {
        out.println("Account statement, account " + accountId + ", from journal " + journalDir);
        out.println("Derived from the inbound journal (what happened) and the engine's outbound messages (balances).");
        out.println("All amounts in the settlement asset (asset " + settlementAssetId + "), exact decimals.");
        out.println("Columns:");
        out.println("  seq          sequence number of the inbound event");
        out.println("  time         receive time of the event stamped by the gateway (UTC)");
        out.println("  event        what happened to the account; REJECTED/REFUSED rows moved no money");
        out.println("  ref          instrument (iN) or asset (aN)");
        out.println("  side/price/qty  of a fill");
        out.println("  fee          trading fee of a fill as sent by the matching engine (negative = rebate)");
        out.println("  realizedPnl  change of PositionUpdate.realizedPnl in this event (PnL realized by the fill)");
        out.println("  cash         deposit (+) or accepted withdrawal (-) of the settlement asset");
        out.println("  other        wallet change not explained by cash + realizedPnl - fee: funding realized when");
        out.println("               a position changes size, liquidation fees, ADL and isolated-margin transfers");
        out.println("  wallet       settlement-asset wallet balance after the event (AccountUpdate.walletBalance)");
        out.println();
        out.printf(ROW_FORMAT, "seq", "time", "event", "ref", "side", "price", "qty", "fee", "realizedPnl", "cash",
            "other", "wallet");
    }

    private void printFooter(final long lastSeq)
    {
        out.println();
        out.println("Summary through seq " + lastSeq + ": " + rows + " rows");
        out.println("  opening wallet      0 (accounts open empty)");
        out.println("  + deposits          " + Decimals.decimal(totalDeposits));
        out.println("  + withdrawals       " + Decimals.decimal(totalWithdrawals));
        out.println("  + realized PnL      " + Decimals.decimal(totalRealized));
        out.println("  - fees              " + Decimals.decimal(totalFees));
        out.println("  + other             " + Decimals.decimal(totalOther));
        final long computed = totalDeposits + totalWithdrawals + totalRealized - totalFees + totalOther;
        out.println("  = closing wallet    " + Decimals.decimal(computed) + " (engine reports " +
            Decimals.decimal(wallet) + (computed == wallet ? ", reconciled)" : ", NOT RECONCILED)"));
    }
}
