package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The production {@link RiskEngine}: a deterministic, single-threaded margin engine implementing
 * {@code docs/arithmetic.md}. This class is the hub: it owns the event loop ({@link #onEvent}) and the collaborators,
 * each with one job (docs/engine.md "Code map"): the {@link InboundAdapter} checks and dispatches a frame to the
 * handler of its template, the handlers change the {@link EngineState} with the values of the one
 * {@link MarginCalculator}, the {@link ScopeEvaluator} runs the evaluation passes (margin calls, liquidation, ADL),
 * the {@link OutboundPublisher} encodes every outbound message into one reusable buffer handed to the
 * {@link OutboundHandler}, and {@link TriggerMaintenance} re-indexes at the end of the event. After warm-up (assets,
 * instruments, accounts and positions exist) {@link #onEvent(long, DirectBuffer, int, int)} does not allocate.
 * <p>
 * Not thread safe: one thread owns an instance.
 */
public final class PerpRiskEngine implements RiskEngine
{
    /**
     * Fixed-point scale of prices, quantities, money and rates: 10^8.
     */
    public static final long SCALE = 100_000_000L;

    /**
     * Scale of the cumulative funding index: 10^12 (money per base unit).
     */
    public static final long FUNDING_INDEX_SCALE = 1_000_000_000_000L;

    /**
     * First order id of the engine's own (liquidation) range; client order ids must be below it.
     */
    public static final long RESERVED_ORDER_ID_BASE = 1L << 62;

    static final long NULL_VALUE = Long.MIN_VALUE;

    private final EngineConfiguration configuration;
    private final Int128Math math = new Int128Math();
    private final EngineCountersImpl counters = new EngineCountersImpl();
    private final EngineLedgerView ledger;

    final EngineState state;
    final Long2ObjectHashMap<Account> accounts;
    final Int2ObjectHashMap<Asset> assets;
    final Int2ObjectHashMap<Instrument> instruments;
    final Long2ObjectHashMap<Order> orders;

    private final TriggerMaintenance triggers;
    private final OpenOrders openOrders;
    private final ScopesInLiquidation scopesInLiquidation;
    private final ScopeEvaluator evaluator;
    private final OutboundPublisher publisher;
    private final InboundAdapter inbound;

    /**
     * Create an empty engine.
     *
     * @param configuration capacities and levels; concluded by this constructor.
     * @param handler       receiving every outbound message.
     */
    public PerpRiskEngine(final EngineConfiguration configuration, final OutboundHandler handler)
    {
        this.configuration = configuration.conclude();
        final long[] levels = configuration.marginCallLevels();
        final long hysteresis = configuration.marginCallHysteresis();
        if (levels.length > 31)
        {
            throw new IllegalStateException("at most 31 margin-call levels are supported");
        }
        state = new EngineState(new Int2ObjectHashMap<>(), configuration.triggerIndex());
        accounts = state.accounts;
        assets = state.assets;
        instruments = state.instruments;
        orders = state.orders;
        ledger = new EngineLedgerView(state);

        final MarginCalculator calculator = new MarginCalculator(state, math);
        triggers = new TriggerMaintenance(state, configuration.triggerIndex() ?
            new TriggerBands(levels, hysteresis, new MarginCalculator(state, new Int128Math())) : null);
        openOrders = new OpenOrders(state, math, triggers);
        scopesInLiquidation = new ScopesInLiquidation();
        publisher = new OutboundPublisher(handler, state, calculator, counters);
        final UndoLog undo = new UndoLog(state, calculator);
        final TradeSettlement settlement = new TradeSettlement(state, calculator, undo);
        final TouchedAccounts touched = new TouchedAccounts(triggers);
        final WaitingScopes waiting = scopesInLiquidation.waiting();
        final AutoDeleverager deleverager =
            new AutoDeleverager(calculator, settlement, publisher, touched, counters, waiting);
        final Liquidator liquidator = new Liquidator(
            state, calculator, publisher, scopesInLiquidation, touched, deleverager, undo, counters);
        evaluator = new ScopeEvaluator(
            calculator,
            new MarginCalls(levels, hysteresis, calculator, publisher),
            liquidator,
            scopesInLiquidation,
            touched,
            triggers);
        inbound = new InboundAdapter(
            counters,
            publisher,
            new ReferenceData(this.configuration, state, math, publisher, evaluator, triggers, deleverager),
            new Wallets(this.configuration, state, calculator, publisher, evaluator, triggers, undo),
            new PositionSettings(state, calculator, publisher, evaluator, undo),
            new PreTradeCheck(state, calculator, openOrders, publisher, evaluator, counters),
            new Executions(state, calculator, settlement, undo, openOrders, publisher, evaluator, counters, waiting));
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        publisher.beginEvent(seq);
        state.lastAppliedSeq = seq;
        counters.eventsApplied++;
        math.clearOverflow();
        inbound.onFrame(buffer, offset, length);
        triggers.reindexStale();
    }

    /**
     * {@inheritDoc}
     */
    public long lastAppliedSeq()
    {
        return state.lastAppliedSeq;
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        return StateDigest.digest(state);
    }

    /**
     * {@inheritDoc}
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return SnapshotCodec.write(this, buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        SnapshotCodec.load(this, buffer, offset, length);
        triggers.rebuild();
    }

    /**
     * {@inheritDoc}
     */
    public EngineCounters counters()
    {
        counters.accounts = state.accounts.size();
        final Asset settle = state.settleAssetId == 0 ? null : state.settleAsset();
        counters.insuranceFundBalance = settle == null ? 0 : settle.insuranceFund;
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    public EngineLedger ledger()
    {
        return ledger;
    }

    /**
     * The configuration this engine was built with.
     *
     * @return the concluded configuration.
     */
    public EngineConfiguration configuration()
    {
        return configuration;
    }

    /**
     * Scopes evaluated so far (pass-1 candidates, waiting scopes and the scopes of touched accounts).
     */
    long scopeEvaluations()
    {
        return evaluator.scopeEvaluations();
    }

    /**
     * Waiting scopes added to evaluation passes so far.
     */
    long waitingEvaluations()
    {
        return scopesInLiquidation.waiting().waitingEvaluations();
    }

    EngineCountersImpl countersImpl()
    {
        return counters;
    }

    /**
     * For the snapshot loader: the position record of an account on an instrument, created on first use.
     */
    Position positionFor(final Account account, final Instrument instrument)
    {
        return state.positionFor(account, instrument);
    }

    /**
     * For the snapshot loader: link a restored order into its position.
     */
    void linkOrder(final Order order, final long notional)
    {
        openOrders.link(order, notional);
    }

    /**
     * Rebuilds the list of scopes in liquidation from the flags, after a snapshot was loaded.
     */
    void rebuildLiquidating()
    {
        scopesInLiquidation.rebuild(state, StateDigest.sortedAccountIds(state));
    }
}
