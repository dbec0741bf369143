package io.perprisk.cli.journal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.perprisk.cli.PerpRiskMain;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.reference.InboundMessages;
import io.perprisk.journal.EngineFactory;

import io.perprisk.journal.JournaledEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code statement} over a journal the production engine wrote.
 */
class StatementCommandTest
{
    private static final long R = 100_000_000L;
    private static final EngineFactory FACTORY =
        (handler) -> new PerpRiskEngine(new EngineConfiguration().maxAccounts(10_000), handler);

    @TempDir
    Path dir;

    @Test
    void shouldFailWithUsageForAnAccountTheJournalNeverOpened()
    {
        final List<byte[]> events = List.of(
            InboundMessages.assetDefinition(1, "USDT", R, R),
            InboundMessages.accountOpen(7),
            InboundMessages.accountOpen(7),
            InboundMessages.deposit(9, 1, 1_000 * R));
        try (JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(dir).engineFactory(FACTORY).log(new PrintStream(OutputStream.nullOutputStream()))))
        {
            engine.recover();
            long seq = 0;
            for (final byte[] message : events)
            {
                seq++;
                engine.onEvent(seq, seq, new UnsafeBuffer(message), 0, message.length);
            }
        }

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PerpRiskMain.run(new String[]{ "statement", "--journal", dir.toString(), "--account", "9" },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status, "a refused deposit does not open account 9");
        assertEquals("statement: account 9 was never opened in " + dir + " (read through seq 4)",
            err.toString(StandardCharsets.UTF_8).trim());

        status = PerpRiskMain.run(new String[]{ "statement", "--journal", dir.toString(), "--account", "7" },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, "account 7 was opened (its second AccountOpen is refused)");
    }

    @Test
    void shouldStateDepositsFillsFeesAndRealizedPnlOfAnAccount()
    {
        final long t = 1_700_000_000_000_000_000L;
        final List<byte[]> events = List.of(
            InboundMessages.assetDefinition(1, "USDT", R, R),
            InboundMessages.instrumentDefinition(1, "BTCUSDT", 1, R / 10, R / 1000, R / 100, R / 10, R / 2,
                new InboundMessages.TierSpec(1_000_000 * R, 50, R / 200)),
            InboundMessages.accountOpen(7),
            InboundMessages.accountOpen(8),
            InboundMessages.deposit(7, 1, 1_000 * R),
            InboundMessages.deposit(8, 1, 1_000 * R),
            InboundMessages.markPrice(1, 100 * R, t),
            InboundMessages.fill(1, 11, 7, 1, Side.BUY, 100 * R, 2 * R, R / 10, t + 1),
            InboundMessages.fill(1, 12, 8, 1, Side.SELL, 100 * R, 2 * R, R / 10, t + 1),
            InboundMessages.markPrice(1, 110 * R, t + 2),
            InboundMessages.fill(2, 13, 7, 1, Side.SELL, 110 * R, 2 * R, R / 5, t + 3),
            InboundMessages.fill(2, 14, 8, 1, Side.BUY, 110 * R, 2 * R, R / 5, t + 3),
            InboundMessages.withdraw(99, 7, 1, 500 * R));
        try (JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(dir).engineFactory(FACTORY).log(new PrintStream(OutputStream.nullOutputStream()))))
        {
            engine.recover();
            long seq = 0;
            for (final byte[] message : events)
            {
                seq++;
                engine.onEvent(seq, t + seq, new UnsafeBuffer(message), 0, message.length);
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = PerpRiskMain.run(
            new String[]{ "statement", "--journal", dir.toString(), "--account", "7" },
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        final String[] lines = text.split("\n");
        assertTrue(row(lines, 5).contains("DEPOSIT") && row(lines, 5).contains(" 1000 "), text);
        assertTrue(row(lines, 8).contains("FILL") && row(lines, 8).contains(" 0.1 "), text);
        assertTrue(row(lines, 11).contains("FILL") && row(lines, 11).contains(" 0.2 ") &&
            row(lines, 11).contains(" 20 "), text);
        assertTrue(row(lines, 13).contains("WITHDRAWAL") && row(lines, 13).contains(" -500 "), text);
        // 1000 - 0.1 - 0.2 + 20 - 500
        assertTrue(text.contains("= closing wallet    519.7 (engine reports 519.7, reconciled)"), text);
        assertTrue(text.contains("+ realized PnL      20"), text);
        assertTrue(text.contains("+ other             0"), text);
    }

    private static String row(final String[] lines, final long seq)
    {
        for (final String line : lines)
        {
            if (line.trim().startsWith(seq + " "))
            {
                return line;
            }
        }
        return "no row for seq " + seq;
    }
}
