package io.perprisk.journal.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value} options and {@code --flag} switches of the journal commands. Cold path.
 */
final class CommandArguments
{
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CommandArguments()
    {
    }

    /**
     * Parse arguments.
     *
     * @param args       the command-line arguments after the command name.
     * @param valueNames options that take a value, without the leading dashes.
     * @param flagNames  switches without a value.
     * @return the parsed arguments.
     * @throws IllegalArgumentException naming an unknown option or a missing value.
     */
    static CommandArguments parse(final String[] args, final Set<String> valueNames, final Set<String> flagNames)
    {
        final CommandArguments parsed = new CommandArguments();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            final String name = arg.substring(2);
            if (valueNames.contains(name))
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                parsed.values.put(name, args[++i]);
            }
            else if (flagNames.contains(name))
            {
                parsed.flags.add(name);
            }
            else
            {
                throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        return parsed;
    }

    String required(final String name)
    {
        final String value = values.get(name);
        if (null == value)
        {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    long longValue(final String name, final long defaultValue)
    {
        final String value = values.get(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + value);
        }
    }

    boolean has(final String name)
    {
        return values.containsKey(name) || flags.contains(name);
    }

    /**
     * A raw fixed-point value (times 10^8) as an exact decimal string, trailing zeros removed.
     */
    static String decimal(final long raw)
    {
        final StringBuilder sb = new StringBuilder(24);
        final boolean negative = raw < 0;
        final long abs = Math.abs(raw);
        final long whole = negative && raw == Long.MIN_VALUE ? 92233720368L : abs / 100_000_000L;
        final long fraction = negative && raw == Long.MIN_VALUE ? 54775808L : abs % 100_000_000L;
        if (negative)
        {
            sb.append('-');
        }
        sb.append(whole);
        if (fraction != 0)
        {
            final String digits = String.format("%08d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0')
            {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.toString();
    }
}
