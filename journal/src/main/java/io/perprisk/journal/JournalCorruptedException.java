package io.perprisk.journal;

/**
 * A journal queue or snapshot file holds a record that cannot be valid: a checksum mismatch, a truncated record, a
 * sequence number out of order. The message names the file and the index (or offset) of the record. Such a record is
 * never skipped silently.
 */
public final class JournalCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Create an exception naming the damaged record.
     *
     * @param message saying which file, which record and what is wrong.
     */
    public JournalCorruptedException(final String message)
    {
        super(message);
    }
}
