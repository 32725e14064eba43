/**
 * The body of a backup: the compressed payload cut into 64 KiB chunks, each sealed with AES-256-GCM
 * under the file key (docs/backup-format.md, "Chunks").
 *
 *   nonce(i) = nonce prefix (8 bytes, from the header) ‖ i as uint32 BE
 *   aad(i)   = header (all of it) ‖ i as uint32 BE ‖ final flag (1 on the last chunk, else 0)
 *
 * Every chunk but the last holds exactly CHUNK_BYTES; the last holds 0..CHUNK_BYTES and is the only
 * one sealed with the final flag. So a file cut at a chunk boundary ends in a chunk that was not
 * sealed as final, appended bytes make the real last chunk look non-final (or change its length),
 * and a moved chunk is opened with another index: each fails authentication.
 */
import { aesGcmOpen, aesGcmSeal } from '../vault/crypto'
import { backupError } from './errors'
import { NONCE_PREFIX_BYTES, TAG_BYTES } from './header'

export const CHUNK_BYTES = 64 * 1024
export const RECORD_BYTES = CHUNK_BYTES + TAG_BYTES
/** The counter is 32 bits; at 64 KiB a chunk that is 256 TiB, far past any cap. */
const MAX_CHUNKS = 2 ** 32

class ChunkContext {
  private index = 0
  private readonly nonce = Buffer.alloc(12)
  private readonly aad: Buffer

  constructor(
    private readonly key: Buffer,
    header: Buffer,
    noncePrefix: Buffer,
  ) {
    if (noncePrefix.length !== NONCE_PREFIX_BYTES) throw new RangeError('backup: nonce prefix must be 8 bytes')
    noncePrefix.copy(this.nonce, 0)
    this.aad = Buffer.alloc(header.length + 5)
    header.copy(this.aad, 0)
  }

  get count(): number {
    return this.index
  }

  /** Nonce and AAD of the next chunk; each index is used once. */
  protected next(final: boolean): { nonce: Buffer; aad: Buffer; index: number } {
    const index = this.index++
    if (index >= MAX_CHUNKS) throw backupError('BACKUP_CORRUPT', { reason: 'too-many-chunks' })
    this.nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES)
    this.aad.writeUInt32BE(index, this.aad.length - 5)
    this.aad.writeUInt8(final ? 1 : 0, this.aad.length - 1)
    return { nonce: this.nonce, aad: this.aad, index }
  }

  protected get fileKey(): Buffer {
    return this.key
  }
}

/** Takes compressed bytes as they come and hands back sealed chunks; end() seals the final one. */
export class ChunkSealer extends ChunkContext {
  private pending: Buffer[] = []
  private pendingBytes = 0

  push(data: Buffer): Buffer[] {
    this.pending.push(data)
    this.pendingBytes += data.length
    const out: Buffer[] = []
    // Strictly more than one chunk: the last full chunk may turn out to be the final one.
    if (this.pendingBytes <= CHUNK_BYTES) return out
    let buffered = Buffer.concat(this.pending, this.pendingBytes)
    while (buffered.length > CHUNK_BYTES) {
      out.push(this.seal(buffered.subarray(0, CHUNK_BYTES), false))
      buffered = buffered.subarray(CHUNK_BYTES)
    }
    this.pending = [buffered]
    this.pendingBytes = buffered.length
    return out
  }

  end(): Buffer {
    const last = this.seal(Buffer.concat(this.pending, this.pendingBytes), true)
    this.pending = []
    this.pendingBytes = 0
    return last
  }

  private seal(plaintext: Buffer, final: boolean): Buffer {
    const { nonce, aad } = this.next(final)
    return aesGcmSeal(this.fileKey, plaintext, aad, Buffer.from(nonce)).body
  }
}

/**
 * Takes sealed bytes as they come and hands back plaintext of chunks known not to be the last;
 * end() opens what remains as the final chunk. Any failure is BACKUP_CORRUPT.
 */
export class ChunkOpener extends ChunkContext {
  private pending: Buffer[] = []
  private pendingBytes = 0

  push(data: Buffer): Buffer[] {
    this.pending.push(data)
    this.pendingBytes += data.length
    const out: Buffer[] = []
    if (this.pendingBytes <= RECORD_BYTES) return out
    let buffered = Buffer.concat(this.pending, this.pendingBytes)
    while (buffered.length > RECORD_BYTES) {
      out.push(this.open(buffered.subarray(0, RECORD_BYTES), false))
      buffered = buffered.subarray(RECORD_BYTES)
    }
    this.pending = [buffered]
    this.pendingBytes = buffered.length
    return out
  }

  end(): Buffer {
    if (this.pendingBytes < TAG_BYTES) throw backupError('BACKUP_CORRUPT', { reason: 'truncated', chunk: this.count })
    return this.open(Buffer.concat(this.pending, this.pendingBytes), true)
  }

  private open(record: Buffer, final: boolean): Buffer {
    const { nonce, aad, index } = this.next(final)
    const plaintext = aesGcmOpen(this.fileKey, nonce, record, aad)
    if (plaintext === undefined) throw backupError('BACKUP_CORRUPT', { reason: 'chunk-auth', chunk: index })
    return plaintext
  }
}

/**
 * Checks that a body of this length can be a sequence of chunks at all (every chunk has its tag), so a
 * file cut right after its header is called damaged before any key is derived.
 */
export function checkBodyLength(bodyBytes: number): void {
  if (bodyBytes < TAG_BYTES) throw backupError('BACKUP_CORRUPT', { reason: 'truncated', chunk: 0 })
  const last = bodyBytes - Math.floor((bodyBytes - 1) / RECORD_BYTES) * RECORD_BYTES
  if (last < TAG_BYTES)
    throw backupError('BACKUP_CORRUPT', { reason: 'body-length', chunk: Math.floor(bodyBytes / RECORD_BYTES) })
}
