import { createGunzip } from 'node:zlib';
import { IngestRequestError } from './errors';
import { INGEST_LIMITS } from './limits';

async function readCapped(stream: ReadableStream<Uint8Array> | null, cap: number): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > cap) throw new IngestRequestError(413, `request body exceeds ${cap} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Inflates gzip while counting output, so a small bomb cannot allocate more than `cap` bytes. */
function gunzipCapped(compressed: Buffer, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let size = 0;
    gunzip.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        gunzip.destroy();
        reject(new IngestRequestError(413, `decompressed body exceeds ${cap} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('error', (error) => reject(new IngestRequestError(400, `broken gzip body: ${error.message}`)));
    gunzip.on('end', () => resolve(Buffer.concat(chunks)));
    gunzip.end(compressed);
  });
}

/** The request body as bytes, decompressed when `Content-Encoding: gzip`, within the size limits. */
export async function readBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > INGEST_LIMITS.maxBodyBytes) throw new IngestRequestError(413, `request body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes`);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new IngestRequestError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
  // A declared length within the cap lets the runtime collect the body in one piece (much cheaper
  // than iterating a web stream chunk by chunk); undeclared lengths are read with a running cap.
  const body = Number.isFinite(declared)
    ? Buffer.from(await request.arrayBuffer())
    : await readCapped(request.body, INGEST_LIMITS.maxBodyBytes);
  if (body.length > INGEST_LIMITS.maxBodyBytes) throw new IngestRequestError(413, `request body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes`);
  return encoding === 'identity' ? body : gunzipCapped(body, INGEST_LIMITS.maxDecodedBytes);
}
