package io.perprisk.journal;

import java.nio.file.Path;

/**
 * Observes snapshot file writes, on the snapshot writer thread: for operators' logs and crash tests.
 */
public interface SnapshotObserver
{
    /**
     * The header of a snapshot file has been written to its temporary file; the body follows.
     *
     * @param seq of the snapshot.
     */
    void onWriteStarted(long seq);

    /**
     * A snapshot file is complete and renamed into place.
     *
     * @param seq  of the snapshot.
     * @param path of the file.
     */
    void onWriteCompleted(long seq, Path path);
}
