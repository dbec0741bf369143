package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.engine.math.Int128Math;

/**
 * Accounts, wallets and transfers (MARGIN.md §2 wallet balances, §8 multi-asset collateral): opening accounts,
 * deposits and withdrawals of any asset (a withdrawal must leave the withdrawable balance non-negative), deposits into
 * the insurance fund, and account queries. A balance change is tentative in the {@link UndoLog} until the account's
 * values are known to fit. Engine thread only.
 */
final class Wallets
{
    private final EngineConfiguration configuration;
    private final EngineState state;
    private final Int128Math math;
    private final MarginCalculator calculator;
    private final OutboundPublisher publisher;
    private final ScopeEvaluator evaluator;
    private final TriggerMaintenance triggers;
    private final UndoLog undo;

    Wallets(
        final EngineConfiguration configuration,
        final EngineState state,
        final MarginCalculator calculator,
        final OutboundPublisher publisher,
        final ScopeEvaluator evaluator,
        final TriggerMaintenance triggers,
        final UndoLog undo)
    {
        this.configuration = configuration;
        this.state = state;
        this.math = calculator.math();
        this.calculator = calculator;
        this.publisher = publisher;
        this.evaluator = evaluator;
        this.triggers = triggers;
        this.undo = undo;
    }

    void onAccountOpen(final AccountOpenDecoder decoder)
    {
        final long accountId = decoder.accountId();
        if (state.accounts.containsKey(accountId))
        {
            publisher.rejectEvent(RejectReason.DUPLICATE_ID);
            return;
        }
        if (state.accounts.size() >= configuration.maxAccounts())
        {
            publisher.rejectEvent(RejectReason.CAPACITY_EXCEEDED);
            return;
        }
        final Account account = new Account(accountId);
        triggers.newAccount(account);
        state.accounts.put(accountId, account);
        publisher.accountUpdate(account);
        evaluator.evaluate();
    }

    void onDeposit(final DepositDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        if (account == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Asset asset = state.assets.get(decoder.assetId());
        if (asset == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ASSET);
            return;
        }
        final long amount = decoder.amount();
        if (amount <= 0)
        {
            publisher.rejectEvent(RejectReason.INVALID_AMOUNT);
            return;
        }
        final long balance = math.add(account.balance(asset.id), amount);
        final long total = math.add(asset.totalDeposits, amount);
        if (math.overflow())
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.saveBalance(account, asset);
        state.setBalance(account, asset, balance);
        if (!undo.fitsOrUndo(account))
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.commit();
        asset.totalDeposits = total;
        publisher.accountUpdate(account);
        evaluator.evaluateAccount(account);
    }

    void onInsuranceFundDeposit(final InsuranceFundDepositDecoder decoder)
    {
        final Asset asset = state.assets.get(decoder.assetId());
        if (asset == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ASSET);
            return;
        }
        final long amount = decoder.amount();
        if (amount <= 0)
        {
            publisher.rejectEvent(RejectReason.INVALID_AMOUNT);
            return;
        }
        final long fund = math.add(asset.insuranceFund, amount);
        final long total = math.add(asset.totalDeposits, amount);
        if (math.overflow())
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        asset.insuranceFund = fund;
        asset.totalDeposits = total;
        publisher.insuranceFundUpdate(asset, amount, InsuranceFundReason.DEPOSIT);
        evaluator.evaluate();
    }

    void onWithdraw(final WithdrawDecoder decoder)
    {
        final long requestId = decoder.requestId();
        final long accountId = decoder.accountId();
        final Account account = state.accounts.get(accountId);
        final Asset asset = state.assets.get(decoder.assetId());
        final long amount = decoder.amount();
        final RejectReason invalid = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            asset == null ? RejectReason.UNKNOWN_ASSET :
            amount <= 0 ? RejectReason.INVALID_AMOUNT :
            account.crossInLiquidation ? RejectReason.ACCOUNT_IN_LIQUIDATION :
            account.balance(asset.id) < amount ? RejectReason.INSUFFICIENT_BALANCE : null;
        if (invalid != null)
        {
            publisher.rejectWithdraw(requestId, accountId, invalid);
            return;
        }
        final long total = math.add(asset.totalWithdrawals, amount);
        undo.saveBalance(account, asset);
        state.setBalance(account, asset, account.balance(asset.id) - amount);
        if (!undo.fitsOrUndo(account))
        {
            publisher.rejectWithdraw(requestId, accountId, RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        if (calculator.cross.withdrawable < 0)
        {
            undo.undo();
            publisher.rejectWithdraw(requestId, accountId, RejectReason.INSUFFICIENT_MARGIN);
            return;
        }
        undo.commit();
        asset.totalWithdrawals = total;
        publisher.withdrawAccepted(requestId, accountId, amount);
        publisher.accountUpdate(account);
        evaluator.evaluateAccount(account);
    }

    void onQueryAccount(final QueryAccountDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        if (account == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        if (!calculator.accountFits(account))
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        publisher.accountUpdate(account);
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size != 0)
            {
                publisher.positionUpdate(p);
            }
        }
        evaluator.evaluate();
    }
}
