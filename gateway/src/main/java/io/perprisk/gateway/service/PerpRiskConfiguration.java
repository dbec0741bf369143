package io.perprisk.gateway.service;

import io.perprisk.client.ServiceSettings;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names and defaults of every perp-risk service setting, as {@code _PROP_NAME}/{@code _DEFAULT} pairs in the style
 * of Aeron's {@code Configuration}, and the loading of settings from a properties file, system properties and
 * command-line flags (later ones win). Every key is documented with its default in {@code docs/gateway.md}.
 */
public final class PerpRiskConfiguration
{
    /**
     * Aeron directory of the media driver the service uses (embedded or external).
     */
    public static final String AERON_DIR_PROP_NAME = ServiceSettings.AERON_DIR_PROP_NAME;

    /**
     * Default Aeron directory: the platform's Aeron default with {@code -perp-risk} appended.
     */
    public static final String AERON_DIR_DEFAULT = ServiceSettings.AERON_DIR_DEFAULT;

    /**
     * Whether the service launches its own media driver.
     */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "perp.aeron.embedded.driver";

    /**
     * Default: launch an embedded media driver.
     */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /**
     * Threading mode of the embedded media driver: SHARED, SHARED_NETWORK, DEDICATED or INVOKER.
     */
    public static final String DRIVER_THREADING_MODE_PROP_NAME = "perp.aeron.driver.threading.mode";

    /**
     * Default embedded driver threading mode: one thread for the whole driver.
     */
    public static final String DRIVER_THREADING_MODE_DEFAULT = "SHARED";

    /**
     * Term buffer length of the embedded driver's IPC and network publications, a power of two of at least 64 KiB.
     */
    public static final String TERM_LENGTH_PROP_NAME = "perp.aeron.term.length";

    /**
     * Default term length: 1 MiB (sparse files, so only touched pages use memory).
     */
    public static final int TERM_LENGTH_DEFAULT = 1024 * 1024;

    /**
     * Aeron channel of the three inbound streams.
     */
    public static final String INGRESS_CHANNEL_PROP_NAME = ServiceSettings.INGRESS_CHANNEL_PROP_NAME;

    /**
     * Default ingress channel: IPC.
     */
    public static final String INGRESS_CHANNEL_DEFAULT = ServiceSettings.INGRESS_CHANNEL_DEFAULT;

    /**
     * Stream id of the trading stream (NewOrder, OrderCanceled, Fill).
     */
    public static final String TRADING_STREAM_ID_PROP_NAME = ServiceSettings.TRADING_STREAM_ID_PROP_NAME;

    /**
     * Default trading stream id.
     */
    public static final int TRADING_STREAM_ID_DEFAULT = ServiceSettings.TRADING_STREAM_ID_DEFAULT;

    /**
     * Stream id of the prices stream (MarkPrice, AssetPrice, FundingRate).
     */
    public static final String PRICES_STREAM_ID_PROP_NAME = ServiceSettings.PRICES_STREAM_ID_PROP_NAME;

    /**
     * Default prices stream id.
     */
    public static final int PRICES_STREAM_ID_DEFAULT = ServiceSettings.PRICES_STREAM_ID_DEFAULT;

    /**
     * Stream id of the admin stream (definitions, accounts, deposits, withdrawals, leverage, margin mode, queries).
     */
    public static final String ADMIN_STREAM_ID_PROP_NAME = ServiceSettings.ADMIN_STREAM_ID_PROP_NAME;

    /**
     * Default admin stream id.
     */
    public static final int ADMIN_STREAM_ID_DEFAULT = ServiceSettings.ADMIN_STREAM_ID_DEFAULT;

    /**
     * Aeron channel of the egress stream.
     */
    public static final String EGRESS_CHANNEL_PROP_NAME = ServiceSettings.EGRESS_CHANNEL_PROP_NAME;

    /**
     * Default egress channel: IPC.
     */
    public static final String EGRESS_CHANNEL_DEFAULT = ServiceSettings.EGRESS_CHANNEL_DEFAULT;

    /**
     * Stream id of the egress stream.
     */
    public static final String EGRESS_STREAM_ID_PROP_NAME = ServiceSettings.EGRESS_STREAM_ID_PROP_NAME;

    /**
     * Default egress stream id.
     */
    public static final int EGRESS_STREAM_ID_DEFAULT = ServiceSettings.EGRESS_STREAM_ID_DEFAULT;

    /**
     * Number of slots in the ring between ingress and the engine stage, a power of two.
     */
    public static final String RING_SIZE_PROP_NAME = "perp.ring.size";

    /**
     * Default ring size.
     */
    public static final int RING_SIZE_DEFAULT = 8192;

    /**
     * Length of one ring slot in bytes, at least the inbound frame limit
     * ({@code io.perprisk.codecs.FrameLimits.MAX_INBOUND_FRAME_LENGTH}, 1024), which is the longest frame accepted.
     */
    public static final String SLOT_LENGTH_PROP_NAME = "perp.ring.slot.length";

    /**
     * Default slot length.
     */
    public static final int SLOT_LENGTH_DEFAULT = 1024;

    /**
     * Most fragments ingress polls from one subscription per duty cycle.
     */
    public static final String INGRESS_FRAGMENT_LIMIT_PROP_NAME = "perp.ingress.fragment.limit";

    /**
     * Default ingress fragment limit.
     */
    public static final int INGRESS_FRAGMENT_LIMIT_DEFAULT = 64;

    /**
     * Most events the engine stage handles per duty cycle.
     */
    public static final String ENGINE_BATCH_LIMIT_PROP_NAME = "perp.engine.batch.limit";

    /**
     * Default engine batch limit.
     */
    public static final int ENGINE_BATCH_LIMIT_DEFAULT = 256;

    /**
     * Most messages egress publishes per duty cycle.
     */
    public static final String EGRESS_BATCH_LIMIT_PROP_NAME = "perp.egress.batch.limit";

    /**
     * Default egress batch limit.
     */
    public static final int EGRESS_BATCH_LIMIT_DEFAULT = 256;

    /**
     * First sequence number whose outputs egress publishes after a start; 0 means the outputs not recorded before
     * this start (new ones and those recovered), 1 republishes the whole outbound journal.
     */
    public static final String EGRESS_FROM_SEQ_PROP_NAME = "perp.egress.from.seq";

    /**
     * Default egress start: 0, outputs not recorded before this start.
     */
    public static final long EGRESS_FROM_SEQ_DEFAULT = 0;

    /**
     * Events between periodic snapshots of the durable journal (a snapshot is also taken on clean shutdown).
     */
    public static final String SNAPSHOT_INTERVAL_EVENTS_PROP_NAME = "perp.journal.snapshot.interval.events";

    /**
     * Default snapshot interval.
     */
    public static final long SNAPSHOT_INTERVAL_EVENTS_DEFAULT = 1_000_000;

    /**
     * Bytes a background thread keeps the journal files mapped and faulted in ahead of their appenders, so the engine
     * thread does not pay for growing them; 0 = off.
     */
    public static final String JOURNAL_PRETOUCH_AHEAD_BYTES_PROP_NAME = "perp.journal.pretouch.ahead.bytes";

    /**
     * Default pretouch distance: 4 MiB.
     */
    public static final long JOURNAL_PRETOUCH_AHEAD_BYTES_DEFAULT = 4L * 1024 * 1024;

    /**
     * Mapping of the gateway agents to threads: SHARED or DEDICATED.
     */
    public static final String THREADING_MODE_PROP_NAME = "perp.threading.mode";

    /**
     * Default mapping: one shared thread.
     */
    public static final String THREADING_MODE_DEFAULT = "SHARED";

    /**
     * Idle strategy of the gateway agents: backoff, busy-spin, yielding, sleeping or noop.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "perp.idle.strategy";

    /**
     * Default idle strategy: backoff (spins, yields, then parks up to 1 ms).
     */
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";

    /**
     * Journal directory (Chronicle Queue inbound and outbound journals and snapshots); empty keeps the outbound
     * messages in memory only and journals nothing (nothing survives a restart).
     */
    public static final String JOURNAL_DIR_PROP_NAME = "perp.journal.dir";

    /**
     * Default journal directory, under the working directory.
     */
    public static final String JOURNAL_DIR_DEFAULT = "perp-risk-journal";

    /**
     * Maximum number of accounts in the engine.
     */
    public static final String MAX_ACCOUNTS_PROP_NAME = "perp.engine.max.accounts";

    /**
     * Default maximum number of accounts, sized for a laptop.
     */
    public static final int MAX_ACCOUNTS_DEFAULT = 100_000;

    /**
     * Maximum number of instruments in the engine.
     */
    public static final String MAX_INSTRUMENTS_PROP_NAME = "perp.engine.max.instruments";

    /**
     * Default maximum number of instruments.
     */
    public static final int MAX_INSTRUMENTS_DEFAULT = 200;

    /**
     * Maximum number of collateral assets in the engine.
     */
    public static final String MAX_ASSETS_PROP_NAME = "perp.engine.max.assets";

    /**
     * Default maximum number of collateral assets.
     */
    public static final int MAX_ASSETS_DEFAULT = 64;

    /**
     * How long a clean shutdown waits for the ring and egress to drain, in milliseconds.
     */
    public static final String SHUTDOWN_TIMEOUT_MS_PROP_NAME = "perp.shutdown.timeout.ms";

    /**
     * Default shutdown drain timeout.
     */
    public static final long SHUTDOWN_TIMEOUT_MS_DEFAULT = 5_000;

    /**
     * Port of the HTTP endpoint (Prometheus {@code /metrics} and the live monitor page {@code /}); 0 turns it off,
     * {@value #HTTP_PORT_EPHEMERAL} picks any free port (tests, the demo).
     */
    public static final String HTTP_PORT_PROP_NAME = "perp.http.port";

    /**
     * Default HTTP port: 0, off, so that embedded services and tests never compete for a port; the example
     * configuration {@code config/perp-risk.properties} turns it on at 9464.
     */
    public static final int HTTP_PORT_DEFAULT = 0;

    /**
     * HTTP port value meaning any free (ephemeral) port.
     */
    public static final int HTTP_PORT_EPHEMERAL = -1;

    /**
     * Address the HTTP endpoint listens on.
     */
    public static final String HTTP_BIND_PROP_NAME = "perp.http.bind";

    /**
     * Default HTTP bind address: the loopback interface only.
     */
    public static final String HTTP_BIND_DEFAULT = "127.0.0.1";

    /**
     * Class name of an alternative engine factory (tests and alternative engines); read by the {@code run} command.
     */
    public static final String ENGINE_FACTORY_PROP_NAME = "perp.engine.factory";

    /**
     * Prefix of every perp-risk setting; a key with it that is not a known setting is refused by {@link #load}.
     */
    public static final String PREFIX = "perp.";

    /**
     * Prefix of Aeron's own settings, passed through to Aeron unchecked.
     */
    public static final String AERON_PREFIX = "aeron.";

    private static final Set<String> KNOWN_KEYS = knownKeys();

    private PerpRiskConfiguration()
    {
    }

    /**
     * Every perp-risk setting key: the value of each {@code *_PROP_NAME} constant of this class.
     *
     * @return the keys, sorted.
     */
    public static Set<String> knownKeys()
    {
        if (null != KNOWN_KEYS)
        {
            return KNOWN_KEYS;
        }
        final TreeSet<String> keys = new TreeSet<>();
        for (final Field field : PerpRiskConfiguration.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_PROP_NAME") &&
                field.getType() == String.class)
            {
                try
                {
                    keys.add((String) field.get(null));
                }
                catch (final IllegalAccessException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    /**
     * Check that a setting key is one perp-risk knows (or an Aeron setting).
     *
     * @param key    of the setting.
     * @param source where it came from, for the message, e.g. {@code --perp.ring.sise=64}.
     * @throws IllegalArgumentException naming the key and the closest known key.
     */
    public static void checkKey(final String key, final String source)
    {
        if (key.startsWith(AERON_PREFIX) || KNOWN_KEYS.contains(key))
        {
            return;
        }
        throw new IllegalArgumentException("unknown setting " + key + " (" + source + "); did you mean " +
            closestKey(key) + "? Every setting is listed in docs/gateway.md");
    }

    /**
     * The known setting key closest to a text, by edit distance.
     *
     * @param key as given.
     * @return the closest known key.
     */
    public static String closestKey(final String key)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String known : KNOWN_KEYS)
        {
            final int distance = editDistance(key, known);
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Merge settings: the properties file (if any), then system properties starting with {@code perp.} or
     * {@code aeron.}, then command-line flags {@code --key=value} (or {@code -Dkey=value}); later sources win.
     *
     * @param configFile properties file, or null for none.
     * @param flags      command-line flags; other arguments are ignored.
     * @return the merged properties.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException if the file or a flag names a {@code perp.} key that is no setting (the
     *                                  message suggests the closest one); system properties are not checked.
     */
    public static Properties load(final Path configFile, final String... flags) throws IOException
    {
        final Properties properties = new Properties();
        if (null != configFile)
        {
            try (InputStream in = Files.newInputStream(configFile))
            {
                properties.load(in);
            }
            for (final String key : properties.stringPropertyNames())
            {
                checkKey(key, "in " + configFile);
            }
        }
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("perp.") || name.startsWith("aeron."))
            {
                properties.setProperty(name, System.getProperty(name));
            }
        }
        for (final String flag : flags)
        {
            final String body = flag.startsWith("--") || flag.startsWith("-D") ? flag.substring(2) : null;
            if (null != body)
            {
                final int eq = body.indexOf('=');
                if (eq > 0)
                {
                    checkKey(body.substring(0, eq), flag.length() > 60 ? flag.substring(0, 60) + "..." : flag);
                    properties.setProperty(body.substring(0, eq), body.substring(eq + 1));
                }
            }
        }
        return properties;
    }

    /**
     * Create an idle strategy by name.
     *
     * @param name backoff, busy-spin, yielding, sleeping or noop.
     * @return a new idle strategy.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "backoff":
                return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "noop":
                return new NoOpIdleStrategy();
            default:
                throw new IllegalArgumentException("unknown idle strategy: " + name);
        }
    }

    /**
     * A fresh temporary directory name under {@code java.io.tmpdir}, for tests and the demo.
     *
     * @param prefix of the directory name.
     * @return an absolute path that does not exist yet.
     */
    public static String uniqueTempDir(final String prefix)
    {
        return new File(System.getProperty("java.io.tmpdir"), prefix + "-" + System.nanoTime()).getAbsolutePath();
    }
}
