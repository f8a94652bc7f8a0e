import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';

/** Fixed parts of a zip entry (local header 30 bytes, central directory 46) and the end record. */
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

/**
 * The size of a zip of `files` (names relative to `base`), as a zip tool writing deflate at
 * level 9 produces it (the Serverless packager uses zlib level 9): each entry's deflated data
 * (or the stored data when deflate does not help) plus its headers, and the end record.
 * Computed rather than zipped so the bench needs no zip binary.
 */
export async function zipSize(base: string, files: readonly string[]): Promise<number> {
  let total = END_RECORD;
  for (const file of files) {
    const data = await readFile(file);
    const name = Buffer.byteLength(relative(base, file));
    const packed = Math.min(deflateRawSync(data, { level: 9 }).length, data.length);
    total += LOCAL_HEADER + CENTRAL_HEADER + 2 * name + packed;
  }
  return total;
}
