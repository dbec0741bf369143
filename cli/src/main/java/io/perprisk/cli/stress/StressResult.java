package io.perprisk.cli.stress;

import io.perprisk.engine.RiskEngine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link WhatIfSimulation} found. Amounts, prices and quantities are raw (value times 10^8); maps are keyed by
 * asset or instrument id. Filled in by the simulation, read by the report.
 */
public final class StressResult
{
    long snapshotSeq;
    long journalSeq;
    long replayedEvents;
    long stressEvents;
    int accounts;
    int steps;
    long marketMakerAccount;
    long liquidationsStarted;
    long liquidationsCompleted;
    long liquidationOrders;
    long liquidationFills;
    long adlEvents;
    final List<Shock> shocksApplied = new ArrayList<>();
    final Map<Integer, Long> startMarks = new TreeMap<>();
    final Map<Integer, Long> marksAfter = new TreeMap<>();
    final Map<Integer, Long> openInterestBefore = new TreeMap<>();
    final Map<Integer, Long> openInterestAfter = new TreeMap<>();
    final Map<Integer, Long> insuranceFundBefore = new TreeMap<>();
    final Map<Integer, Long> insuranceFundAfter = new TreeMap<>();
    final Map<Integer, Long> insuranceFundDrawn = new TreeMap<>();
    final Map<Integer, Long> liquidationFees = new TreeMap<>();
    final Map<Integer, Long> liquidationFilledQuantity = new TreeMap<>();
    final Map<Integer, Long> liquidationCanceledQuantity = new TreeMap<>();
    final Map<Integer, Long> adlQuantity = new TreeMap<>();
    final TreeSet<Long> liquidated = new TreeSet<>();
    final TreeSet<Long> deleveraged = new TreeSet<>();
    final Set<Long> inLiquidation = new HashSet<>();
    final TreeMap<Long, long[]> bankrupt = new TreeMap<>();
    final TreeMap<Long, long[]> liquidatedBalances = new TreeMap<>();
    final List<Step> path = new ArrayList<>();

    StressResult()
    {
    }

    void step(
        final int step, final Map<Integer, Long> marks, final Set<Integer> assets, final RiskEngine engine,
        final int scopesInLiquidation)
    {
        final Map<Integer, Long> funds = new TreeMap<>();
        for (final int assetId : assets)
        {
            funds.put(assetId, engine.ledger().insuranceFund(assetId));
        }
        path.add(new Step(step, new TreeMap<>(marks), funds, liquidationsStarted, adlEvents, scopesInLiquidation));
    }

    /**
     * Accounts that had at least one margin scope liquidated during the shock.
     *
     * @return the account ids, ascending.
     */
    public Set<Long> liquidatedAccounts()
    {
        return liquidated;
    }

    /**
     * Accounts whose positions were closed by auto-deleveraging (the profitable counterparties).
     *
     * @return the account ids, ascending.
     */
    public Set<Long> deleveragedAccounts()
    {
        return deleveraged;
    }

    /**
     * Accounts with a negative margin balance after the shock: per account {before, after}, raw.
     *
     * @return the bankrupt accounts, by id.
     */
    public Map<Long, long[]> bankruptAccounts()
    {
        return bankrupt;
    }

    /**
     * Bad debt after the shock: the sum of the negative margin balances, raw (positive number).
     *
     * @return the bad debt.
     */
    public long badDebt()
    {
        long total = 0;
        for (final long[] balances : bankrupt.values())
        {
            total -= balances[1];
        }
        return total;
    }

    /**
     * Bad debt before the shock among the same accounts, raw.
     *
     * @return the bad debt that existed already.
     */
    public long badDebtBefore()
    {
        long total = 0;
        for (final long[] balances : bankrupt.values())
        {
            total -= Math.min(0, balances[0]);
        }
        return total;
    }

    /**
     * Insurance fund paid out as bankruptcy cover during the shock, per asset, raw.
     *
     * @return the amounts drawn.
     */
    public Map<Integer, Long> insuranceFundDrawn()
    {
        return insuranceFundDrawn;
    }

    /**
     * {@code LiquidationStarted} messages during the shock.
     *
     * @return the count.
     */
    public long liquidationsStarted()
    {
        return liquidationsStarted;
    }

    /**
     * {@code AutoDeleverage} messages during the shock.
     *
     * @return the count.
     */
    public long adlEvents()
    {
        return adlEvents;
    }

    /**
     * The state of the path after each step (step 0 = before the first move).
     *
     * @return the steps in order.
     */
    public List<Step> path()
    {
        return path;
    }

    /**
     * The situation after one step of the shock path.
     *
     * @param step                number of the step, 0 before the first move.
     * @param marks               marks per instrument, raw.
     * @param insuranceFund       insurance fund per asset, raw.
     * @param liquidationsStarted cumulative liquidations started.
     * @param adlEvents           cumulative ADL events.
     * @param inLiquidation       margin scopes in liquidation at the end of the step.
     */
    public record Step(
        int step,
        Map<Integer, Long> marks,
        Map<Integer, Long> insuranceFund,
        long liquidationsStarted,
        long adlEvents,
        int inLiquidation)
    {
    }
}
