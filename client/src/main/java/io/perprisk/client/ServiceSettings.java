package io.perprisk.client;

import io.aeron.CommonContext;

/**
 * Names and defaults of the settings that say where a service is: its Aeron directory, the ingress channel and stream
 * ids, and the egress channel and stream id. The service's own configuration ({@code PerpRiskConfiguration}) refers to
 * these, so a client and a service read the same properties file the same way.
 */
public final class ServiceSettings
{
    /**
     * Aeron directory of the media driver the service uses (embedded or external).
     */
    public static final String AERON_DIR_PROP_NAME = "perp.aeron.dir";

    /**
     * Default Aeron directory: the platform's Aeron default with {@code -perp-risk} appended.
     */
    public static final String AERON_DIR_DEFAULT = CommonContext.getAeronDirectoryName() + "-perp-risk";

    /**
     * Aeron channel of the three inbound streams.
     */
    public static final String INGRESS_CHANNEL_PROP_NAME = "perp.ingress.channel";

    /**
     * Default ingress channel: IPC.
     */
    public static final String INGRESS_CHANNEL_DEFAULT = "aeron:ipc";

    /**
     * Stream id of the trading stream (NewOrder, OrderCanceled, Fill).
     */
    public static final String TRADING_STREAM_ID_PROP_NAME = "perp.ingress.trading.stream.id";

    /**
     * Default trading stream id.
     */
    public static final int TRADING_STREAM_ID_DEFAULT = 1001;

    /**
     * Stream id of the prices stream (MarkPrice, AssetPrice, FundingRate).
     */
    public static final String PRICES_STREAM_ID_PROP_NAME = "perp.ingress.prices.stream.id";

    /**
     * Default prices stream id.
     */
    public static final int PRICES_STREAM_ID_DEFAULT = 1002;

    /**
     * Stream id of the admin stream (definitions, accounts, deposits, withdrawals, leverage, margin mode, queries).
     */
    public static final String ADMIN_STREAM_ID_PROP_NAME = "perp.ingress.admin.stream.id";

    /**
     * Default admin stream id.
     */
    public static final int ADMIN_STREAM_ID_DEFAULT = 1003;

    /**
     * Aeron channel of the egress stream.
     */
    public static final String EGRESS_CHANNEL_PROP_NAME = "perp.egress.channel";

    /**
     * Default egress channel: IPC.
     */
    public static final String EGRESS_CHANNEL_DEFAULT = "aeron:ipc";

    /**
     * Stream id of the egress stream.
     */
    public static final String EGRESS_STREAM_ID_PROP_NAME = "perp.egress.stream.id";

    /**
     * Default egress stream id.
     */
    public static final int EGRESS_STREAM_ID_DEFAULT = 2001;

    private ServiceSettings()
    {
    }
}
