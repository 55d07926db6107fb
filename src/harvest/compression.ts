import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ImportError } from './formats.ts';

const gunzipAsync = promisify(gunzip);

/** How much larger than its compressed size a file may unpack (above the floor): more is a bomb. */
export const MAX_GZIP_RATIO = 200;
/** Below this size a file may unpack at any ratio (small files of repeated markup compress well). */
const RATIO_FLOOR = 16 * 1024 * 1024;

/**
 * Unpacks gzip bytes off the event loop, refusing what unpacks beyond `maxBytes` or beyond
 * `MAX_GZIP_RATIO` times its own size (a gzip bomb: 413) and what is not gzip at all (400).
 */
export async function gunzipBounded(bytes: Buffer, name: string, maxBytes: number): Promise<Buffer> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new ImportError('LG_IMPORT_BAD_GZIP', `${name} is named .gz but is not gzip-compressed.`);
  const limit = Math.min(maxBytes, Math.max(RATIO_FLOOR, bytes.length * MAX_GZIP_RATIO));
  try {
    return await gunzipAsync(bytes, { maxOutputLength: limit });
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(e.message ?? '')) {
      throw new ImportError(
        'LG_IMPORT_TOO_LARGE',
        limit < maxBytes
          ? `${name} unpacks to more than ${MAX_GZIP_RATIO} times its size; such a file is refused.`
          : `${name} unpacks to more than ${maxBytes} bytes.`,
      );
    }
    throw new ImportError(
      'LG_IMPORT_BAD_GZIP',
      `${name} could not be unpacked: it is damaged or cut off (${e.message ?? 'gzip error'}).`,
    );
  }
}
