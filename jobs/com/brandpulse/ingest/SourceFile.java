package com.brandpulse.ingest;

import java.io.Serializable;

/**
 * One input file as listed by the driver: where it is, what it holds (size and content hash, which
 * decide whether it was already ingested), its load order, and hints found beside it.
 *
 * @param ordinal load order within the run (sorted by path): later files win ties between versions
 * @param ownerHandle account that owns a personal archive (from its manifest), for files without
 *     users
 * @param format the format asked for with --format, or "auto"
 */
public record SourceFile(
    String path, long size, String sha256, int ordinal, String ownerHandle, String format)
    implements Serializable {}
