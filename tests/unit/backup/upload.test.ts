import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createUploads, decodePiece } from '../../../src/main/platform/backup/upload'

const code = async (f: () => unknown) => {
  try {
    await f()
  } catch (e) {
    return { code: (e as { code?: string }).code, details: (e as { details?: unknown }).details }
  }
  return 'no error'
}

describe('decodePiece', () => {
  it('decodes base64 of any length, padded or not', () => {
    for (const n of [1, 2, 3, 4, 767, 768]) {
      const bytes = randomBytes(n)
      expect(decodePiece(bytes.toString('base64'))).toEqual(bytes)
    }
  })

  it.each([
    ['a character outside the alphabet', 'AAA*'],
    ['whitespace', 'AAAA AAA'],
    ['padding in the middle', 'AA==AAAA'],
    ['a length that is not a multiple of four', 'AAAAA'],
    ['a data: URL', 'data:application/octet-stream;base64,AAAA'],
  ])('refuses %s', async (_, piece) => {
    expect(await code(() => decodePiece(piece))).toEqual({
      code: 'INVALID_INPUT',
      details: { field: 'piece', reason: 'base64' },
    })
  })
})

describe('uploads', () => {
  const file = randomBytes(10_000)
  const pieces = [file.subarray(0, 3000), file.subarray(3000, 9000), file.subarray(9000)]

  it('puts the pieces together in order; a piece sent again changes nothing', () => {
    const uploads = createUploads(() => 0)
    const { uploadId } = uploads.begin(file.length)
    expect(uploads.add(uploadId, 0, pieces[0]!.toString('base64'))).toEqual({ received: 3000 })
    expect(uploads.add(uploadId, 0, pieces[0]!.toString('base64'))).toEqual({ received: 3000 })
    expect(uploads.add(uploadId, 3000, pieces[1]!.toString('base64'))).toEqual({ received: 9000 })
    expect(uploads.add(uploadId, 9000, pieces[2]!.toString('base64'))).toEqual({ received: 10_000 })
    expect(uploads.bytesOf(uploadId)).toEqual(file)
    // Kept for the next step (a restore's inspect, then its open).
    expect(uploads.bytesOf(uploadId)).toEqual(file)
  })

  it('refuses a piece out of order, bytes past the size announced, and an incomplete file', async () => {
    const uploads = createUploads(() => 0)
    const { uploadId } = uploads.begin(file.length)
    expect(await code(() => uploads.add(uploadId, 3000, pieces[1]!.toString('base64')))).toEqual({
      code: 'INVALID_INPUT',
      details: { field: 'at', reason: 'order' },
    })
    uploads.add(uploadId, 0, pieces[0]!.toString('base64'))
    expect(await code(() => uploads.bytesOf(uploadId))).toEqual({
      code: 'INVALID_INPUT',
      details: { field: 'uploadId', reason: 'incomplete' },
    })
    expect(await code(() => uploads.add(uploadId, 3000, Buffer.concat([file.subarray(3000), Buffer.alloc(3)]).toString('base64')))).toEqual({
      code: 'INVALID_INPUT',
      details: { field: 'piece', reason: 'too-long' },
    })
    // Nothing refused was kept.
    expect(uploads.add(uploadId, 3000, file.subarray(3000).toString('base64'))).toEqual({ received: 10_000 })
    expect(uploads.bytesOf(uploadId)).toEqual(file)
  })

  it('keeps the last two uploads, each for ten minutes', async () => {
    let now = 0
    const uploads = createUploads(() => now)
    const a = uploads.begin(0).uploadId
    const b = uploads.begin(0).uploadId
    const c = uploads.begin(0).uploadId
    const gone = { code: 'NOT_FOUND', details: { field: 'uploadId' } }
    expect(await code(() => uploads.bytesOf(a))).toEqual(gone)
    expect(uploads.bytesOf(b)).toHaveLength(0)
    now += 10 * 60_000 + 1
    // Too old, even with no newer upload begun since.
    expect(await code(() => uploads.bytesOf(c))).toEqual(gone)
    expect(await code(() => uploads.add('nope', 0, 'AAAA'))).toEqual(gone)
  })

  it('forgets an upload once it was opened', async () => {
    const uploads = createUploads(() => 0)
    const { uploadId } = uploads.begin(3)
    uploads.add(uploadId, 0, 'AAAA')
    expect(uploads.bytesOf(uploadId)).toHaveLength(3)
    uploads.drop(uploadId)
    expect(await code(() => uploads.bytesOf(uploadId))).toEqual({ code: 'NOT_FOUND', details: { field: 'uploadId' } })
  })
})
