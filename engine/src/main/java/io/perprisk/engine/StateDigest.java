package io.perprisk.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256 over the engine state in canonical order: settlement asset, assets by id, instruments by id, accounts by id
 * (balances by asset id, positions by instrument id, with their liquidation book-keeping), orders by id, house
 * ledgers and the next liquidation order id. Positions in their default state
 * and zero balances are skipped, so the digest does not depend on which records happen to exist. Cold path.
 */
final class StateDigest
{
    private final MessageDigest sha;
    private final byte[] scratch = new byte[8];

    private StateDigest()
    {
        try
        {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static String digest(final EngineState engine)
    {
        final StateDigest d = new StateDigest();
        d.putInt(engine.settleAssetId);
        for (final int assetId : sortedAssetIds(engine))
        {
            final Asset asset = engine.assets.get(assetId);
            d.putInt(asset.id);
            d.putString(asset.symbol);
            d.putLong(asset.price);
            d.putLong(asset.collateralRatio);
            d.putLong(asset.totalDeposits);
            d.putLong(asset.totalWithdrawals);
            d.putLong(asset.insuranceFund);
        }
        for (final int instrumentId : sortedInstrumentIds(engine))
        {
            final Instrument instrument = engine.instruments.get(instrumentId);
            d.putInt(instrument.id);
            d.putString(instrument.symbol);
            d.putInt(instrument.settleAssetId);
            d.putLong(instrument.tickSize);
            d.putLong(instrument.lotSize);
            d.putLong(instrument.liquidationFeeRate);
            d.putLong(instrument.liquidationPriceBand);
            d.putLong(instrument.liquidationTargetRatio);
            d.putInt(instrument.tierCount);
            for (int t = 0; t < instrument.tierCount; t++)
            {
                d.putLong(instrument.notionalCap[t]);
                d.putInt(instrument.maxLeverage[t]);
                d.putLong(instrument.maintenanceMarginRate[t]);
                d.putLong(instrument.maintenanceAmount[t]);
            }
            d.putLong(instrument.markPrice);
            d.putLong(instrument.fundingIndex);
        }
        for (final long accountId : sortedAccountIds(engine))
        {
            final Account account = engine.accounts.get(accountId);
            d.putLong(account.id);
            d.putInt(account.crossDisarmed);
            d.putInt(account.crossInLiquidation ? 1 : 0);
            for (int i = 0; i < account.balanceCount; i++)
            {
                if (account.balances[i] != 0)
                {
                    d.putInt(account.balanceAssetIds[i]);
                    d.putLong(account.balances[i]);
                }
            }
            d.putInt(-1);
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!isDefault(p))
                {
                    d.putInt(p.instrument.id);
                    d.putInt(p.isolated ? 1 : 0);
                    d.putInt(p.leverage);
                    d.putLong(p.size);
                    d.putLong(p.cost);
                    d.putLong(p.size == 0 ? 0 : p.fundingSnapshot);
                    d.putLong(p.isolatedMargin);
                    d.putLong(p.realizedPnl);
                    d.putInt(p.disarmed);
                    d.putInt(p.inLiquidation ? 1 : 0);
                    d.putLong(p.liqOrderId);
                    d.putInt(p.liqBuy ? 0 : 1);
                    d.putLong(p.liqRemaining);
                    d.putLong(p.adlRemaining);
                }
            }
            d.putInt(-1);
        }
        for (final long orderId : sortedOrderIds(engine))
        {
            final Order order = engine.orders.get(orderId);
            d.putLong(order.id);
            d.putLong(order.position.account.id);
            d.putInt(order.position.instrument.id);
            d.putInt(order.buy ? 0 : 1);
            d.putLong(order.price);
            d.putLong(order.remaining);
        }
        d.putLong(engine.feesCollected);
        d.putLong(engine.fundingClearing);
        d.putLong(engine.nextLiquidationOrderId);
        final StringBuilder hex = new StringBuilder(64);
        for (final byte b : d.sha.digest())
        {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * A position record that carries no state beyond its existence.
     */
    static boolean isDefault(final Position p)
    {
        return p.size == 0 && p.orderCount == 0 && !p.isolated && p.leverage == p.instrument.defaultLeverage() &&
            p.isolatedMargin == 0 && p.realizedPnl == 0 && p.disarmed == 0 && !p.inLiquidation && p.cost == 0 &&
            p.liqOrderId == 0 && p.liqRemaining == 0 && p.adlRemaining == 0;
    }

    static int[] sortedAssetIds(final EngineState engine)
    {
        final int[] ids = new int[engine.assets.size()];
        int i = 0;
        for (final Asset asset : engine.assets.values())
        {
            ids[i++] = asset.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    static int[] sortedInstrumentIds(final EngineState engine)
    {
        final int[] ids = new int[engine.instruments.size()];
        int i = 0;
        for (final Instrument instrument : engine.instruments.values())
        {
            ids[i++] = instrument.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    static long[] sortedAccountIds(final EngineState engine)
    {
        final long[] ids = new long[engine.accounts.size()];
        int i = 0;
        for (final Account account : engine.accounts.values())
        {
            ids[i++] = account.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    static long[] sortedOrderIds(final EngineState engine)
    {
        final long[] ids = new long[engine.orders.size()];
        int i = 0;
        for (final Order order : engine.orders.values())
        {
            ids[i++] = order.id;
        }
        Arrays.sort(ids);
        return ids;
    }

    private void putLong(final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            scratch[i] = (byte) (value >>> (56 - 8 * i));
        }
        sha.update(scratch, 0, 8);
    }

    private void putInt(final int value)
    {
        putLong(value);
    }

    private void putString(final String value)
    {
        final byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        sha.update(bytes);
    }
}
