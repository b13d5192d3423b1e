package com.brandpulse.ingest;

import java.io.Serializable;

/**
 * A record cut from a file, before any parsing: the unit of bronze.raw_posts.
 *
 * @param position 1-based line, array element or CSV record number
 * @param container how it was cut: line, element, document or csv
 * @param format the file's detected format (see {@link Formats})
 * @param record the text as read (null only when nothing could be read)
 * @param readError why the record could not be cut or decoded, else null
 */
public record RawRecord(
    long position, String container, String format, String record, String readError)
    implements Serializable {}
