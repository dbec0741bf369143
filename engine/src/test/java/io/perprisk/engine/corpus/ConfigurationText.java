package io.perprisk.engine.corpus;

import io.perprisk.engine.EngineConfiguration;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link EngineConfiguration} as one line of text, so that a corpus entry says exactly which engine answered it:
 * {@code maxAccounts=1024,maxInstruments=32,maxAssets=16,marginCallLevels=80000000/90000000,
 * marginCallHysteresis=5000000} (raw fixed-point values).
 */
final class ConfigurationText
{
    private ConfigurationText()
    {
    }

    static String format(final EngineConfiguration configuration)
    {
        final StringBuilder levels = new StringBuilder();
        for (final long level : configuration.marginCallLevels())
        {
            levels.append(levels.length() > 0 ? "/" : "").append(level);
        }
        return "maxAccounts=" + configuration.maxAccounts() +
            ",maxInstruments=" + configuration.maxInstruments() +
            ",maxAssets=" + configuration.maxAssets() +
            ",marginCallLevels=" + levels +
            ",marginCallHysteresis=" + configuration.marginCallHysteresis();
    }

    static EngineConfiguration parse(final String text)
    {
        final Map<String, String> values = new HashMap<>();
        for (final String pair : text.split(","))
        {
            final int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        final EngineConfiguration configuration = new EngineConfiguration()
            .maxAccounts(Integer.parseInt(values.get("maxAccounts")))
            .maxInstruments(Integer.parseInt(values.get("maxInstruments")))
            .maxAssets(Integer.parseInt(values.get("maxAssets")))
            .marginCallLevels(Arrays.stream(values.get("marginCallLevels").split("/"))
                .mapToLong(Long::parseLong).toArray())
            .marginCallHysteresis(Long.parseLong(values.get("marginCallHysteresis")));
        if (!format(configuration).equals(text))
        {
            throw new IllegalArgumentException("not a configuration line: " + text);
        }
        return configuration;
    }
}
