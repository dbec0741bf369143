package io.perprisk.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A snapshot file: a header then the engine digest then the engine's own SBE snapshot. Header (little-endian):
 * {@code magic:int32 = 0x4E535250 ("PRSN"), version:int32 = 1, seq:int64, digestLength:int32, bodyLength:int32,
 * crc32c:int32, reserved:int32, inboundIndex:int64, outboundIndex:int64}; the CRC32C covers the whole file except the
 * crc field. The indices are the Chronicle indices of the inbound record of {@code seq} and of the last outbound
 * document at snapshot time (-1 if unknown), so recovery and replay can start there without scanning. Files are named
 * {@code snapshot-<seq, 20 digits>.snp} and written atomically (temporary file, fsync, rename, fsync directory).
 */
public final class SnapshotFile
{
    /**
     * Magic number at the start of every snapshot file.
     */
    public static final int MAGIC = 0x4E535250;

    /**
     * Current file format version.
     */
    public static final int VERSION = 1;

    /**
     * Length of the fixed header in bytes.
     */
    public static final int HEADER_LENGTH = 48;

    /**
     * Prefix of snapshot file names.
     */
    public static final String PREFIX = "snapshot-";

    /**
     * Suffix of snapshot file names.
     */
    public static final String SUFFIX = ".snp";

    private static final int CRC_OFFSET = 24;

    private final Path path;
    private final long seq;
    private final long inboundIndex;
    private final long outboundIndex;
    private final String digest;
    private final byte[] body;

    private SnapshotFile(
        final Path path,
        final long seq,
        final long inboundIndex,
        final long outboundIndex,
        final String digest,
        final byte[] body)
    {
        this.path = path;
        this.seq = seq;
        this.inboundIndex = inboundIndex;
        this.outboundIndex = outboundIndex;
        this.digest = digest;
        this.body = body;
    }

    /**
     * File name of the snapshot taken after event {@code seq}.
     *
     * @param seq last applied sequence number.
     * @return the file name.
     */
    public static String fileName(final long seq)
    {
        return PREFIX + String.format("%020d", seq) + SUFFIX;
    }

    /**
     * Write a snapshot file atomically: temporary file, fsync, rename, fsync of the directory.
     *
     * @param dir    snapshot directory, created if needed.
     * @param seq           last applied sequence number.
     * @param inboundIndex  Chronicle index of the inbound record of {@code seq}, -1 if unknown.
     * @param outboundIndex Chronicle index of the last outbound document at that point, -1 if unknown.
     * @param digest        engine digest at that point.
     * @param body          the engine snapshot bytes.
     * @param writer        slows writing down for crash tests; null normally.
     * @return the path written.
     * @throws IOException if writing fails.
     */
    public static Path write(
        final Path dir,
        final long seq,
        final long inboundIndex,
        final long outboundIndex,
        final String digest,
        final byte[] body,
        final Runnable writer)
        throws IOException
    {
        Files.createDirectories(dir);
        final byte[] digestBytes = digest.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(VERSION).putLong(seq).putInt(digestLength(digestBytes)).putInt(body.length);
        header.putInt(0).putInt(0).putLong(inboundIndex).putLong(outboundIndex);
        final int crc = crc(header.array(), digestBytes, body);
        header.putInt(CRC_OFFSET, crc);
        header.flip();

        final Path target = dir.resolve(fileName(seq));
        final Path temp = dir.resolve(fileName(seq) + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            writeFully(channel, header);
            writeFully(channel, ByteBuffer.wrap(digestBytes));
            if (null != writer)
            {
                writer.run();
            }
            writeFully(channel, ByteBuffer.wrap(body));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            dirChannel.force(true);
        }
        catch (final IOException ignore)
        {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
        return target;
    }

    /**
     * Read and check a snapshot file.
     *
     * @param path of the file.
     * @return the snapshot.
     * @throws JournalCorruptedException naming the file and what is wrong, if it is damaged.
     * @throws IOException                if the file cannot be read.
     */
    public static SnapshotFile read(final Path path) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        if (bytes.length < HEADER_LENGTH)
        {
            throw damaged(path, "truncated: " + bytes.length + " bytes, header needs " + HEADER_LENGTH);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = buffer.getInt(0);
        final int version = buffer.getInt(4);
        final long seq = buffer.getLong(8);
        final int digestLength = buffer.getInt(16);
        final int bodyLength = buffer.getInt(20);
        final int crc = buffer.getInt(CRC_OFFSET);
        if (MAGIC != magic)
        {
            throw damaged(path, "bad magic 0x" + Integer.toHexString(magic));
        }
        if (VERSION != version)
        {
            throw damaged(path, "unsupported version " + version);
        }
        if (digestLength < 0 || bodyLength < 0 || (long) HEADER_LENGTH + digestLength + bodyLength != bytes.length)
        {
            throw damaged(path, "truncated or padded: header says " + digestLength + " + " + bodyLength +
                " bytes after the header, file has " + (bytes.length - HEADER_LENGTH));
        }
        final CRC32C crc32c = new CRC32C();
        crc32c.update(bytes, 0, CRC_OFFSET);
        crc32c.update(bytes, CRC_OFFSET + 4, bytes.length - CRC_OFFSET - 4);
        if ((int) crc32c.getValue() != crc)
        {
            throw damaged(path, "CRC32C mismatch");
        }
        final String name = path.getFileName().toString();
        if (!name.equals(fileName(seq)))
        {
            throw damaged(path, "file name does not match seq " + seq + " in its header");
        }
        final String digest = new String(bytes, HEADER_LENGTH, digestLength, StandardCharsets.US_ASCII);
        final byte[] body = new byte[bodyLength];
        System.arraycopy(bytes, HEADER_LENGTH + digestLength, body, 0, bodyLength);
        return new SnapshotFile(path, seq, buffer.getLong(32), buffer.getLong(40), digest, body);
    }

    /**
     * Path of the file.
     *
     * @return the path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Sequence number of the last event applied in this snapshot.
     *
     * @return the sequence number.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Chronicle index of the inbound record of {@link #seq()}, -1 if unknown.
     *
     * @return the inbound index.
     */
    public long inboundIndex()
    {
        return inboundIndex;
    }

    /**
     * Chronicle index of the last outbound document when the snapshot was taken, -1 if unknown.
     *
     * @return the outbound index.
     */
    public long outboundIndex()
    {
        return outboundIndex;
    }

    /**
     * Engine digest recorded with the snapshot.
     *
     * @return the digest.
     */
    public String digest()
    {
        return digest;
    }

    /**
     * The engine snapshot bytes.
     *
     * @return the body; not copied.
     */
    public byte[] body()
    {
        return body;
    }

    private static int digestLength(final byte[] digestBytes)
    {
        return digestBytes.length;
    }

    private static int crc(final byte[] header, final byte[] digestBytes, final byte[] body)
    {
        final CRC32C crc32c = new CRC32C();
        crc32c.update(header, 0, CRC_OFFSET);
        crc32c.update(header, CRC_OFFSET + 4, HEADER_LENGTH - CRC_OFFSET - 4);
        crc32c.update(digestBytes, 0, digestBytes.length);
        crc32c.update(body, 0, body.length);
        return (int) crc32c.getValue();
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }

    private static JournalCorruptedException damaged(final Path path, final String what)
    {
        return new JournalCorruptedException("damaged snapshot " + path + ": " + what);
    }
}
