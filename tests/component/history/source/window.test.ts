import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createHistoryWindow } from '@renderer/views/history/source/window'
import { openTxs } from '@renderer/db/seal'
import { closeAll, freshDb, load, sampleHistory } from '../fixtures'

afterEach(closeAll)

async function seeded() {
  const db = freshDb()
  await load(db, sampleHistory())
  const keys = (await db.sealedTx.orderBy('occurredAt').reverse().primaryKeys()) as string[]
  return { db, keys }
}

describe('the history window (months of keys as list items, rows read for what is on screen)', () => {
  it('lays months out as a header and its rows, and answers what is at an index', async () => {
    const { db, keys } = await seeded()
    const win = createHistoryWindow(() => db)
    win.show([
      { month: '2026-03', keys: keys.slice(0, 2) },
      { month: '2026-02', keys: keys.slice(2, 5) },
    ])
    expect(win.itemCount.value).toBe(7)
    expect([0, 1, 2, 3, 4, 5, 6].map(win.isHeader)).toEqual([true, false, false, true, false, false, false])
    expect(win.groups.value.map((g) => [g.month, g.start])).toEqual([
      ['2026-03', 0],
      ['2026-02', 3],
    ])
    expect(win.groupAt(6)?.month).toBe('2026-02')
    expect(win.itemAt(3)).toEqual({ kind: 'header', group: win.groups.value[1] })
    expect(win.itemAt(2)).toEqual({ kind: 'row', group: win.groups.value[0], key: keys[1], row: undefined })
    expect(win.itemAt(7)).toBeUndefined()
    win.show([])
    expect(win.itemCount.value).toBe(0)
    expect(win.groupAt(0)).toBeUndefined()
  })

  it('reads the rows of the items asked for that are not in memory, together, once', async () => {
    const { db, keys } = await seeded()
    const win = createHistoryWindow(() => db)
    win.show([{ month: '2026-03', keys: keys.slice(0, 3) }])
    const bulkGet = vi.spyOn(db.sealedTx, 'bulkGet')
    const before = win.rowsVersion.value
    win.ensureRows([0, 1, 2])
    await flushPromises()
    await vi.waitFor(() => expect(win.itemAt(2)).toMatchObject({ row: { key: keys[1] } }))
    // Opened: the sealed fields are there.
    expect(win.itemAt(2)).toMatchObject({ row: { counterparty: '王*', memo: '还你饭钱', amountFen: 5000 } })
    expect(bulkGet.mock.calls).toEqual([[[keys[0], keys[1]]]])
    expect(win.rowsVersion.value).toBeGreaterThan(before)
    win.ensureRows([1, 2])
    await flushPromises()
    expect(bulkGet).toHaveBeenCalledTimes(1)
  })

  it('keeps at most its cache of rows, dropping the older ones first', async () => {
    const { db, keys } = await seeded()
    const win = createHistoryWindow(() => db, { cache: 4 })
    win.show([{ month: 'all', keys }])
    win.ensureRows([1, 2, 3, 4, 5, 6])
    await vi.waitFor(() => expect(win.itemAt(6)?.kind === 'row' && win.itemAt(6)).toMatchObject({ row: { key: keys[5] } }))
    win.ensureRows([7, 8])
    await vi.waitFor(() => expect(win.itemAt(8)).toMatchObject({ row: { key: keys[7] } }))
    const inMemory = keys.filter((_, i) => {
      const item = win.itemAt(i + 1)
      return item?.kind === 'row' && item.row !== undefined
    })
    // Down to three quarters of the cache: the oldest rows go, the rows just read stay.
    expect(inMemory).toEqual([keys[5], keys[6], keys[7]])
  })

  it('answers with the previous rows until told they are no longer needed', async () => {
    const { db, keys } = await seeded()
    const win = createHistoryWindow(() => db)
    win.show([{ month: '2026-03', keys: keys.slice(0, 1) }])
    win.keep(await openTxs(await db.sealedTx.bulkGet(keys.slice(0, 1))))
    win.retire()
    expect(win.itemAt(1)).toMatchObject({ row: { key: keys[0] } })
    win.forgetRetired()
    expect(win.itemAt(1)).toMatchObject({ row: undefined })
  })
})
