package io.perprisk.cli.journal;

import picocli.CommandLine.Command;

/**
 * {@code journal}: the group of journal tools; {@code journal dump} is its one sub-command today. Without a
 * sub-command it prints its usage and exits with a usage error.
 */
@Command(name = "journal", description = "journal tools: journal dump prints a journal as JSON Lines",
    subcommands = JournalDumpCommand.class)
public final class JournalCommand
{
}
