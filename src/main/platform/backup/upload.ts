/**
 * Backup files the user chose, as the renderer hands them over: in pieces of base64
 * (BACKUP_UPLOAD_PIECE_CHARS, src/shared/contract/constants.ts), decoded as they arrive, so that main's
 * thread never holds the whole file as one string (deserialising it and posting it to the backup worker
 * cost ~30 ms each at 100k rows). The bytes stay as the file has them: encrypted.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'

/**
 * Uploads kept at a time (a restore's inspect and open use the same one; a newer choice replaces it).
 * An upload is dropped once opened, and when older than UPLOAD_MAX_AGE_MS.
 */
const UPLOADS_KEEP = 2
/** An upload nobody opened is dropped after this. */
const UPLOAD_MAX_AGE_MS = 10 * 60_000

interface Upload {
  total: number
  received: number
  parts: Buffer[]
  startedAt: number
}

/**
 * A piece's bytes, or INVALID_INPUT when it is not base64: Node's decoder skips characters outside the
 * alphabet and stops at padding, so a piece that is not whole base64 decodes to fewer bytes than its
 * length promises (cheaper on main's thread than a regular expression over a megabyte).
 */
export function decodePiece(piece: string): Buffer {
  const pad = piece.endsWith('==') ? 2 : piece.endsWith('=') ? 1 : 0
  const bytes = Buffer.from(piece, 'base64')
  if (piece.length % 4 !== 0 || bytes.length !== (piece.length / 4) * 3 - pad) {
    throw new AppError('INVALID_INPUT', 'the backup file is not base64', { field: 'piece', reason: 'base64' })
  }
  return bytes
}

export function createUploads(now: () => number) {
  const uploads = new Map<string, Upload>()

  function begin(total: number): { uploadId: string } {
    const at = now()
    for (const [id, u] of uploads) if (at - u.startedAt > UPLOAD_MAX_AGE_MS) uploads.delete(id)
    const uploadId = randomUUID()
    uploads.set(uploadId, { total, received: 0, parts: [], startedAt: at })
    for (const id of [...uploads.keys()].slice(0, -UPLOADS_KEEP)) uploads.delete(id)
    return { uploadId }
  }

  function find(uploadId: string): Upload {
    const u = uploads.get(uploadId)
    if (u && now() - u.startedAt > UPLOAD_MAX_AGE_MS) uploads.delete(uploadId)
    if (!u || !uploads.has(uploadId)) {
      throw new AppError('NOT_FOUND', 'no file is being uploaded under this id; choose the file again', {
        field: 'uploadId',
      })
    }
    return u
  }

  /** The piece at byte `at`: the next one is kept; one sent again (a retry) changes nothing. */
  function add(uploadId: string, at: number, piece: string): { received: number } {
    const u = find(uploadId)
    const bytes = decodePiece(piece)
    if (at + bytes.length <= u.received) return { received: u.received }
    if (at !== u.received) {
      throw new AppError('INVALID_INPUT', `the next piece starts at byte ${u.received}`, { field: 'at', reason: 'order' })
    }
    if (u.received + bytes.length > u.total) {
      throw new AppError('INVALID_INPUT', `more than the ${u.total} bytes announced`, { field: 'piece', reason: 'too-long' })
    }
    u.parts.push(bytes)
    u.received += bytes.length
    return { received: u.received }
  }

  /** The whole file, once every byte announced has arrived (the upload is kept for the next step). */
  function bytesOf(uploadId: string): Buffer {
    const u = find(uploadId)
    if (u.received !== u.total) {
      throw new AppError('INVALID_INPUT', `only ${u.received} of the file's ${u.total} bytes arrived`, {
        field: 'uploadId',
        reason: 'incomplete',
      })
    }
    if (u.parts.length !== 1) u.parts = [Buffer.concat(u.parts, u.total)]
    return u.parts[0]!
  }

  /** The file was opened: its bytes are not kept any longer. */
  function drop(uploadId: string): void {
    uploads.delete(uploadId)
  }

  return { begin, add, bytesOf, drop }
}
