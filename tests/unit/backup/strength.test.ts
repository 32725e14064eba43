/**
 * The strength gate of backup passphrases (src/main/platform/backup/strength.ts): what it refuses,
 * with which reason, and that it loads its dictionaries only when first asked.
 */
import { describe, expect, it } from 'vitest'
import {
  MIN_BACKUP_SCORE,
  assertStrongVerdict,
  checkBackupPassphrase,
  estimatorLoaded,
} from '../../../src/main/platform/backup/strength'
import { AppError } from '../../../src/shared/errors'

const PHONE = '13800138000'

describe('backup passphrase strength', () => {
  it('loads the estimator only when a passphrase is first checked', async () => {
    expect(estimatorLoaded()).toBe(false)
    await checkBackupPassphrase('something to check')
    expect(estimatorLoaded()).toBe(true)
  })

  it.each([
    ['12345678', 'common'],
    ['password', 'common'],
    ['iloveyou', 'common'],
    ['Password1!', 'common'],
    // Chinese pinyin and number words the English lists do not know.
    ['woaini1314', 'common'],
    ['zhangwei123', 'common'],
    ['aaaaaaaaaaaa', 'repeated'],
    ['abababababab', 'repeated'],
    ['abcdefghijkl', 'sequential'],
    ['98765432109', 'sequential'],
    ['19900101', 'dates'],
    ['short', 'too-short'],
    ['一二三四五六七', 'too-short'],
  ])('refuses %j as %s', async (passphrase, reason) => {
    const verdict = await checkBackupPassphrase(passphrase)
    expect(verdict).toMatchObject({ ok: false, reason })
    expect(verdict.score).toBeLessThan(MIN_BACKUP_SCORE)
  })

  it('refuses a passphrase with the phone number in it, however long the rest', async () => {
    expect(await checkBackupPassphrase(`pass${PHONE}`, [PHONE])).toMatchObject({ ok: false, reason: 'personal' })
    expect(await checkBackupPassphrase(`my long backup sentence ${PHONE}`, [PHONE])).toMatchObject({
      ok: false,
      reason: 'personal',
    })
    // The same text is fine for someone else.
    expect(await checkBackupPassphrase(`my long backup sentence ${PHONE}`, ['13900000000'])).toMatchObject({ ok: true })
  })

  it('judges a long passphrase by its start, quickly, and still finds the phone number anywhere in it', async () => {
    await checkBackupPassphrase('the estimator is loaded before the clock starts')
    const started = performance.now()
    expect(await checkBackupPassphrase('password'.repeat(32))).toMatchObject({ ok: false, reason: 'repeated' })
    expect(await checkBackupPassphrase(`${'correct horse battery staple '.repeat(8)}${PHONE}`, [PHONE])).toMatchObject({
      ok: false,
      reason: 'personal',
    })
    expect(await checkBackupPassphrase('correct horse battery staple '.repeat(8))).toMatchObject({ ok: true })
    // All of 256 characters took about three seconds on a busy 2-core machine; 64 take a few tens of ms.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('offers the estimator’s suggestion as a code', async () => {
    expect(await checkBackupPassphrase('aaaaaaaaaaaa')).toMatchObject({ suggestion: 'repeated' })
    expect(await checkBackupPassphrase('19900101')).toMatchObject({ suggestion: 'dates' })
  })

  it.each(['备份口令 horse 2026', 'my backup passphrase', 'a passphrase for the move', '工行备份 correct horse', 'Gx7!rT2qLp'])(
    'accepts %j',
    async (passphrase) => {
      const verdict = await checkBackupPassphrase(passphrase, [PHONE, '张*'])
      expect(verdict).toMatchObject({ ok: true })
      expect(verdict.score).toBeGreaterThanOrEqual(MIN_BACKUP_SCORE)
      expect(verdict.reason).toBeUndefined()
    },
  )

  it('throws WEAK_PASSPHRASE with the reason and suggestion in its details', async () => {
    const error = await checkBackupPassphrase('aaaaaaaaaaaa').then(assertStrongVerdict).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('WEAK_PASSPHRASE')
    expect((error as AppError).details).toMatchObject({ reason: 'repeated', suggestion: 'repeated' })
    // The passphrase itself never goes into an error.
    expect(JSON.stringify((error as AppError).toWire())).not.toContain('aaaaaaaaaaaa')
    expect(() => assertStrongVerdict({ ok: true, score: 3 })).not.toThrow()
  })
})
