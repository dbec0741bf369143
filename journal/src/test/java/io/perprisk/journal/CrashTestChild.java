package io.perprisk.journal;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child process of {@link CrashRecoveryTest}: recovers a journal directory and applies the deterministic stream up to
 * a given seq, printing markers on stdout ("recovered", "snapshot-begin", "done") so the parent knows when to kill it.
 * Arguments: journal dir, last seq, snapshot interval, milliseconds to pause in the middle of each snapshot write.
 */
final class CrashTestChild
{
    private CrashTestChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Paths.get(args[0]);
        final long lastSeq = Long.parseLong(args[1]);
        final long interval = Long.parseLong(args[2]);
        final long pauseMillis = Long.parseLong(args[3]);
        final SnapshotObserver observer = new SnapshotObserver()
        {
            public void onWriteStarted(final long seq)
            {
                System.out.println("snapshot-begin " + seq);
                System.out.flush();
                if (pauseMillis > 0)
                {
                    try
                    {
                        Thread.sleep(pauseMillis);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            public void onWriteCompleted(final long seq, final Path path)
            {
            }
        };
        final JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, interval)
            .snapshotObserver(observer).log(System.err));
        try
        {
            final long recovered = engine.recover();
            System.out.println("recovered " + recovered);
            System.out.flush();
            JournalTestSupport.apply(engine, recovered + 1, lastSeq);
        }
        finally
        {
            engine.close();
        }
        System.out.println("done " + engine.engine().digest());
        System.out.flush();
    }
}
