import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeRecord, JOURNAL_FILE, JournalCorruptError, openJournal, scanJournal } from '../../../src/mock-bank/journal'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('journal', () => {
  it('appends records durably and reads them back in order', async () => {
    const dir = tempDir()
    const journal = await openJournal<{ n: number }>(dir)
    await journal.append([{ n: 1 }])
    await journal.append([{ n: 2 }, { n: 3 }], { key: 'k' })
    await journal.appendBatch([{ events: [{ n: 4 }] }, { events: [{ n: 5 }] }])
    await journal.close()
    const again = await openJournal<{ n: number }>(dir)
    const records = again.takeRecovered()
    expect(records.map((r) => r.s)).toEqual([1, 2, 3, 4])
    expect(records.flatMap((r) => r.e.map((e) => e.n))).toEqual([1, 2, 3, 4, 5])
    expect(records[1]!.i).toEqual({ key: 'k' })
    expect(again.nextSeq).toBe(5)
    expect(again.takeRecovered()).toEqual([])
    await again.close()
  })

  it('cuts off a torn last record at any byte and keeps every complete one', async () => {
    const full = [1, 2, 3].map((s) => encodeRecord({ s, e: [{ amount: s * 100, text: '转账 ✓' }] })).join('')
    const bytes = Buffer.from(full)
    const complete = [
      0,
      ...[1, 2, 3].map((n) =>
        Buffer.byteLength(
          [1, 2, 3]
            .slice(0, n)
            .map((s) => encodeRecord({ s, e: [{ amount: s * 100, text: '转账 ✓' }] }))
            .join(''),
        ),
      ),
    ]
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
        const dir = tempDir()
        writeFileSync(join(dir, JOURNAL_FILE), bytes.subarray(0, cut))
        const journal = await openJournal(dir)
        const kept = complete.filter((b) => b <= cut).length - 1
        expect(journal.takeRecovered()).toHaveLength(kept)
        expect(journal.truncatedBytes).toBe(cut - complete[kept]!)
        await journal.append([{ after: true }])
        await journal.close()
        const reopened = await openJournal(dir)
        expect(reopened.takeRecovered().map((r) => r.s)).toEqual([...Array.from({ length: kept }, (_, i) => i + 1), kept + 1])
        await reopened.close()
      }),
      { numRuns: 60 },
    )
  })

  it('treats a damaged last line (bad checksum) as torn', async () => {
    const dir = tempDir()
    const journal = await openJournal(dir)
    await journal.append([{ a: 1 }])
    await journal.append([{ a: 2 }])
    await journal.close()
    const file = join(dir, JOURNAL_FILE)
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, text.replace('{"a":2}', '{"a":3}'))
    const reopened = await openJournal(dir)
    expect(reopened.takeRecovered()).toHaveLength(1)
    await reopened.close()
  })

  it('refuses to open when a record before the last is damaged', async () => {
    const dir = tempDir()
    const journal = await openJournal(dir)
    await journal.append([{ a: 1 }])
    await journal.append([{ a: 2 }])
    await journal.close()
    const file = join(dir, JOURNAL_FILE)
    writeFileSync(file, readFileSync(file, 'utf8').replace('{"a":1}', '{"a":9}'))
    await expect(openJournal(dir)).rejects.toThrow(JournalCorruptError)
  })

  it('refuses a gap in the record numbers', () => {
    const text = encodeRecord({ s: 1, e: [] }) + encodeRecord({ s: 3, e: [] }) + encodeRecord({ s: 4, e: [] })
    expect(() => scanJournal(Buffer.from(text))).toThrow(JournalCorruptError)
  })

  it('never leaves a partial record behind after a crash mid-append (simulated by truncation)', async () => {
    const dir = tempDir()
    const journal = await openJournal(dir)
    await journal.append([{ a: 1 }])
    await journal.close()
    const file = join(dir, JOURNAL_FILE)
    const size = statSync(file).size
    appendFileSync(file, encodeRecord({ s: 2, e: [{ a: 2 }] }).slice(0, 10))
    const reopened = await openJournal(dir)
    expect(reopened.truncatedBytes).toBe(10)
    expect(statSync(file).size).toBe(size)
    await reopened.close()
    truncateSync(file, 0)
  })
})
