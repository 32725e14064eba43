import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

/**
 * The bank's durable state: an append-only journal of committed operations, one record per line:
 *
 *     <crc32 as 8 hex digits> <space> <JSON>\n
 *
 * A record is appended with one write and made durable with fdatasync before the operation is
 * answered, so an acknowledged operation survives SIGKILL or a power cut. A record is all or nothing:
 * a torn tail (no newline, or a checksum that does not match) can only be the record whose write was
 * interrupted, whose operation was therefore never acknowledged; opening the journal cuts it off. A bad
 * record anywhere else is corruption and refuses to open, rather than silently dropping history.
 */
export interface JournalRecord<E> {
  /** Record sequence number, 1, 2, 3, … without gaps. */
  s: number
  e: E[]
  /** The idempotency entry stored atomically with the operation's effects. */
  i?: unknown
}

export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError'
}

export interface Journal<E> {
  readonly file: string
  /** The records found when the journal was opened, in order; handed over once, to free the memory. */
  takeRecovered(): JournalRecord<E>[]
  /** Bytes cut off a torn tail at open (0 when the last write completed). */
  readonly truncatedBytes: number
  /** Next record sequence number. */
  readonly nextSeq: number
  /** Appends one record durably (write + fdatasync). Records are written in call order. */
  append(events: E[], idem?: unknown): Promise<JournalRecord<E>>
  /** Appends many records with one write and one fdatasync (seeding). */
  appendBatch(batches: { events: E[]; idem?: unknown }[]): Promise<void>
  close(): Promise<void>
}

export const JOURNAL_FILE = 'journal.log'

export function encodeRecord(record: JournalRecord<unknown>): string {
  const json = JSON.stringify(record)
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`
}

export interface ScanResult<E> {
  records: JournalRecord<E>[]
  /** Length of the valid prefix in bytes. */
  validBytes: number
  totalBytes: number
}

/** Parses a journal image; throws JournalCorruptError unless every record but possibly the last is intact. */
export function scanJournal<E>(buffer: Buffer): ScanResult<E> {
  const records: JournalRecord<E>[] = []
  let offset = 0
  let expectedSeq = 1
  while (offset < buffer.length) {
    const end = buffer.indexOf(10, offset)
    if (end === -1) break // torn tail: no newline
    const line = buffer.toString('utf8', offset, end)
    const record = parseLine<E>(line)
    if (!record || record.s !== expectedSeq) {
      if (end + 1 >= buffer.length) break // the last line: an interrupted write
      throw new JournalCorruptError(`journal record at byte ${offset} is damaged (expected record ${expectedSeq})`)
    }
    records.push(record)
    expectedSeq++
    offset = end + 1
  }
  return { records, validBytes: offset, totalBytes: buffer.length }
}

function parseLine<E>(line: string): JournalRecord<E> | undefined {
  if (line.length < 10 || line.charAt(8) !== ' ') return undefined
  const json = line.slice(9)
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined
  try {
    const value = JSON.parse(json) as JournalRecord<E>
    return typeof value.s === 'number' && Array.isArray(value.e) ? value : undefined
  } catch {
    return undefined
  }
}

export function fsyncDir(dir: string): void {
  // Makes the journal's directory entry durable after creating it; not supported on every platform.
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    /* Windows cannot open a directory; NTFS metadata journaling covers it. */
  }
}

export async function openJournal<E>(dataDir: string): Promise<Journal<E>> {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, JOURNAL_FILE)
  const existed = existsSync(file)
  const scan: ScanResult<E> = existed ? scanJournal<E>(readFileSync(file)) : { records: [], validBytes: 0, totalBytes: 0 }
  const truncatedBytes = scan.totalBytes - scan.validBytes
  if (truncatedBytes > 0) {
    const fd = openSync(file, 'r+')
    try {
      ftruncateSync(fd, scan.validBytes)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
  if (!existed) {
    closeSync(openSync(file, 'a'))
    fsyncDir(dataDir)
  }
  const handle: FileHandle = await open(file, 'a')
  let nextSeq = scan.records.length + 1
  let recovered = scan.records
  let closed = false
  // After a failed write the file may end in a partial record; appending after it would bury the
  // damage mid-journal, so the journal refuses further writes until it is reopened (which cuts the tail).
  let broken: Error | undefined
  let chain: Promise<void> = Promise.resolve()

  function record(seq: number, events: E[], idem: unknown): JournalRecord<E> {
    return idem === undefined ? { s: seq, e: events } : { s: seq, e: events, i: idem }
  }

  /** Queues a write; `build` numbers its records from the sequence current when the write starts. */
  function writeDurably<T>(build: (seq: number) => { text: string; count: number; result: T }): Promise<T> {
    const run = chain.then(async () => {
      if (closed) throw new Error('journal is closed')
      if (broken) throw broken
      const { text, count, result } = build(nextSeq)
      const data = Buffer.from(text, 'utf8')
      try {
        let written = 0
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written)
          written += bytesWritten
        }
        await handle.datasync()
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error))
        throw broken
      }
      nextSeq += count
      return result
    })
    chain = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  return {
    file,
    takeRecovered() {
      const records = recovered
      recovered = []
      return records
    },
    truncatedBytes,
    get nextSeq() {
      return nextSeq
    },
    append(events, idem) {
      return writeDurably((seq) => {
        const rec = record(seq, events, idem)
        return { text: encodeRecord(rec), count: 1, result: rec }
      })
    },
    appendBatch(batches) {
      return writeDurably((seq) => ({
        text: batches.map((batch, index) => encodeRecord(record(seq + index, batch.events, batch.idem))).join(''),
        count: batches.length,
        result: undefined,
      }))
    },
    async close() {
      if (closed) return
      await chain
      closed = true
      await handle.close()
    },
  }
}
