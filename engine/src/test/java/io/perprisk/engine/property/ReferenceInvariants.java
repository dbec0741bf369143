package io.perprisk.engine.property;

import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.reference.ReferenceEngine;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.TreeSet;

/**
 * Economic invariants of the reference model, checked from its primitive state after an event.
 * <ul>
 *     <li><b>Money.</b> Per asset, exactly: {@code deposits − withdrawals = Σ wallets + Σ isolatedMargin +
 *     insuranceFund + feesCollected + fundingClearing − Σ realizedPnl}, where the last four terms and realized PnL
 *     exist only for the settlement asset. Realized PnL is paid to wallets before the counterparties' matching
 *     losses are realized, so the ledger of docs/arithmetic.md §5 (without the last term) holds only when
 *     {@code Σ realizedPnl = 0}; at a trade boundary {@code Σ realizedPnl = Σ signedCost} over open positions.</li>
 *     <li><b>Zero-sum PnL</b> (at trade boundaries): {@code Σ realizedPnl + Σ exact UPnL = 0} exactly, where the
 *     exact UPnL is {@code s·P/R − signedCost} unrounded.</li>
 *     <li><b>Zero-sum funding</b> (after every event): with {@code E} the exact unrounded amounts realized so far
 *     and {@code A} the exact accrued funding {@code −s·(F − F_pos)/10^12} of open positions, {@code ΣE + ΣA = 0}.
 *     The model moves {@code floor(E)}, so {@code Σ realizedFunding + dust + ΣA = 0} with
 *     {@code 0 ≤ dust < number of realizations}, {@code fundingClearing = −Σ realizedFunding}, and
 *     {@code fundingClearing − ΣA = dust ≥ 0}: the house always holds what it owes the open positions.</li>
 *     <li><b>Rounding against the account.</b> Per open position: rounded UPnL ≤ exact, rounded accrued ≤ exact,
 *     notional and maintenance margin ≥ their exact values.</li>
 *     <li><b>Insurance fund</b> never negative. Liquidation fees, bankruptcy cover and ADL move money only between
 *     ledgers the identity above already counts, so it stays exact through them; ADL closes both sides at one price,
 *     so PnL stays zero-sum.</li>
 *     <li><b>Liquidation lifecycle</b> ({@link LiquidationLifecycle}): a scope starts a liquidation only when it is
 *     not in one, completes only one it is in, and the model's flags agree with the messages after every event; at
 *     the end every started liquidation has completed or its scope is still in liquidation.</li>
 * </ul>
 */
final class ReferenceInvariants
{
    private static final BigDecimal R = BigDecimal.valueOf(100_000_000L);
    private static final BigDecimal FUNDING_SCALE = BigDecimal.TEN.pow(12);

    private ReferenceInvariants()
    {
    }

    /**
     * Deposits − withdrawals − (wallets + isolated margin + insurance fund + fees + funding clearing) of one asset.
     */
    static BigInteger ledgerImbalance(final EngineLedger ledger, final int assetId, final boolean settlement)
    {
        BigInteger held = BigInteger.valueOf(ledger.totalWallets(assetId))
            .add(BigInteger.valueOf(ledger.insuranceFund(assetId)));
        if (settlement)
        {
            held = held.add(BigInteger.valueOf(ledger.totalIsolatedMargin()))
                .add(BigInteger.valueOf(ledger.feesCollected()))
                .add(BigInteger.valueOf(ledger.fundingClearing()));
        }
        return BigInteger.valueOf(ledger.totalDeposits(assetId))
            .subtract(BigInteger.valueOf(ledger.totalWithdrawals(assetId)))
            .subtract(held);
    }

    /**
     * Σ signedCost over every open position of the model.
     */
    static BigInteger openSignedCost(final ReferenceEngine model)
    {
        BigInteger total = BigInteger.ZERO;
        for (final long accountId : model.accountIds())
        {
            for (final int instrumentId : model.instrumentIds())
            {
                final long size = model.positionSize(accountId, instrumentId);
                total = total.add(BigInteger.valueOf(Long.signum(size) * model.positionCost(accountId, instrumentId)));
            }
        }
        return total;
    }

    static void check(final ReferenceEngine model, final boolean tradeBoundary, final String where)
    {
        final int settlement = model.settlementAssetId();
        BigInteger realizedPnl = BigInteger.ZERO;
        BigInteger realizedFunding = BigInteger.ZERO;
        for (final long accountId : model.accountIds())
        {
            realizedPnl = realizedPnl.add(BigInteger.valueOf(model.lifetimeRealizedPnl(accountId)));
            realizedFunding = realizedFunding.add(BigInteger.valueOf(model.lifetimeRealizedFunding(accountId)));
        }

        for (final int assetId : model.assetIds())
        {
            final boolean isSettlement = assetId == settlement;
            final BigInteger imbalance = ledgerImbalance(model.ledger(), assetId, isSettlement);
            final BigInteger expected = isSettlement ? realizedPnl.negate() : BigInteger.ZERO;
            require(imbalance.equals(expected), where, "money not conserved for asset " + assetId + ": imbalance " +
                imbalance + ", expected " + expected);
        }

        BigDecimal exactPnl = BigDecimal.ZERO;
        BigDecimal exactAccrued = BigDecimal.ZERO;
        for (final long accountId : model.accountIds())
        {
            for (final int instrumentId : model.instrumentIds())
            {
                final long size = model.positionSize(accountId, instrumentId);
                if (0 == size)
                {
                    continue;
                }
                final long mark = model.markPrice(instrumentId);
                final BigDecimal signedCost = BigDecimal.valueOf(Long.signum(size) *
                    model.positionCost(accountId, instrumentId));
                final BigDecimal upnl = BigDecimal.valueOf(size).multiply(BigDecimal.valueOf(mark))
                    .divide(R).subtract(signedCost);
                final BigDecimal accrued = BigDecimal.valueOf(size).negate().multiply(BigDecimal.valueOf(
                    model.fundingIndex(instrumentId) - model.positionFundingSnapshot(accountId, instrumentId)))
                    .divide(FUNDING_SCALE);
                exactPnl = exactPnl.add(upnl);
                exactAccrued = exactAccrued.add(accrued);
                final String position = "account " + accountId + " instrument " + instrumentId;
                require(BigDecimal.valueOf(model.unrealizedPnl(accountId, instrumentId)).compareTo(upnl) <= 0,
                    where, "rounded UPnL favours the account: " + position);
                require(BigDecimal.valueOf(model.accruedFunding(accountId, instrumentId)).compareTo(accrued) <= 0,
                    where, "rounded accrued funding favours the account: " + position);
                require(BigDecimal.valueOf(model.unrealizedPnl(accountId, instrumentId)).compareTo(
                    upnl.setScale(0, RoundingMode.FLOOR)) == 0, where, "UPnL is not floor of exact: " + position);
                require(mark == 0 || model.maintenanceMargin(accountId, instrumentId) > 0,
                    where, "an open position at a positive mark without maintenance margin: " + position);
            }
        }

        require(BigInteger.valueOf(model.ledger().totalSignedEntryCost()).equals(openSignedCost(model)), where,
            "ledger signed entry cost differs from the positions'");
        if (settlement != 0)
        {
            require(ledgerImbalance(model.ledger(), settlement, true).equals(
                BigInteger.valueOf(model.ledger().totalSignedEntryCost()).negate()) || !tradeBoundary, where,
                "ledger with signed entry cost does not balance");
        }
        if (tradeBoundary)
        {
            require(realizedPnl.equals(openSignedCost(model)), where, "Σ realized PnL " + realizedPnl +
                " differs from Σ signed cost " + openSignedCost(model));
            require(new BigDecimal(realizedPnl).add(exactPnl).signum() == 0, where,
                "PnL is not zero-sum: Σ realized " + realizedPnl + " + Σ exact UPnL " + exactPnl);
            if (realizedPnl.signum() == 0 && settlement != 0)
            {
                require(ledgerImbalance(model.ledger(), settlement, true).signum() == 0, where,
                    "docs/arithmetic.md §5 ledger does not balance although Σ realized PnL is 0");
            }
        }

        for (final int assetId : model.assetIds())
        {
            require(model.ledger().insuranceFund(assetId) >= 0, where, "insurance fund of asset " + assetId +
                " is negative: " + model.ledger().insuranceFund(assetId));
        }

        final BigDecimal dust = model.fundingRoundingDust();
        require(new BigDecimal(realizedFunding).add(dust).add(exactAccrued).signum() == 0, where,
            "funding is not zero-sum: Σ realized " + realizedFunding + " + dust " + dust + " + Σ exact accrued " +
            exactAccrued);
        require(dust.signum() >= 0 && dust.compareTo(BigDecimal.valueOf(model.fundingRealizations())) <= 0 &&
            (model.fundingRealizations() == 0 || dust.compareTo(BigDecimal.valueOf(model.fundingRealizations())) < 0),
            where, "funding rounding dust out of range: " + dust);
        require(BigInteger.valueOf(model.ledger().fundingClearing()).equals(realizedFunding.negate()), where,
            "funding clearing " + model.ledger().fundingClearing() + " is not minus realized funding " +
            realizedFunding);
        require(BigDecimal.valueOf(model.ledger().fundingClearing()).subtract(exactAccrued).compareTo(dust) == 0,
            where, "funding clearing minus exact accrued funding is not the rounding dust");
    }

    /**
     * Follows {@code LiquidationStarted} and {@code LiquidationCompleted} messages and checks them against the
     * model's flags.
     */
    static final class LiquidationLifecycle
    {
        private final TreeSet<String> open = new TreeSet<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private int started;
        private int completed;

        /**
         * Check one event's outbound messages and the model state after it.
         *
         * @param model    after the event.
         * @param messages the event's outbound messages.
         * @param where    for failure messages.
         */
        void check(final ReferenceEngine model, final List<byte[]> messages, final String where)
        {
            for (final byte[] message : messages)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(message);
                header.wrap(buffer, 0);
                final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                if (header.templateId() == LiquidationStartedDecoder.TEMPLATE_ID)
                {
                    final LiquidationStartedDecoder start = new LiquidationStartedDecoder()
                        .wrap(buffer, body, header.blockLength(), header.version());
                    require(open.add(start.accountId() + "/" + start.instrumentId()), where,
                        "liquidation started twice without completing: " + start);
                    require(start.marginBalance() <= start.maintenanceMargin() && start.maintenanceMargin() > 0,
                        where, "liquidation started above maintenance margin: " + start);
                    started++;
                }
                else if (header.templateId() == LiquidationCompletedDecoder.TEMPLATE_ID)
                {
                    final LiquidationCompletedDecoder done = new LiquidationCompletedDecoder()
                        .wrap(buffer, body, header.blockLength(), header.version());
                    require(open.remove(done.accountId() + "/" + done.instrumentId()), where,
                        "liquidation completed that never started: " + done);
                    completed++;
                }
            }
            for (final String scope : open)
            {
                final String[] parts = scope.split("/");
                require(model.scopeInLiquidation(Long.parseLong(parts[0]), Integer.parseInt(parts[1])), where,
                    "scope " + scope + " started a liquidation, never completed it, and is not in liquidation");
            }
            int flagged = 0;
            for (final long accountId : model.accountIds())
            {
                flagged += model.scopeInLiquidation(accountId, 0) ? 1 : 0;
                for (final int instrumentId : model.instrumentIds())
                {
                    flagged += model.scopeInLiquidation(accountId, instrumentId) ? 1 : 0;
                }
            }
            require(flagged == open.size(), where, flagged + " scopes in liquidation but " + open.size() +
                " started and not completed");
        }

        int started()
        {
            return started;
        }

        int completed()
        {
            return completed;
        }
    }

    private static void require(final boolean condition, final String where, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(where + ": " + message);
        }
    }
}
