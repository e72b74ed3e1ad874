/**
 * Content-defined chunking of big files (issue #23): {@link dev.dvj.core.chunk.Chunker} cuts a
 * byte stream where its content says (a gear hash, FastCDC's normalized chunking), so an insertion
 * moves only the cuts near it; {@link dev.dvj.core.chunk.ChunkList} is the stored list of a file's
 * chunks. Both are formats: changing the gear table, the sizes or the list's text changes what is
 * stored, and docs/formats.md holds their test vectors.
 */
package dev.dvj.core.chunk;
