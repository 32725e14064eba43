import { describe, expect, it } from 'vitest'
import { createMemoryDocStore } from '../../../src/main/base/ports'
import { STRONG_SCRYPT } from '../../../src/main/platform/vault/crypto'
import { createUnlockService, UNLOCK_DOC } from '../../../src/main/platform/vault/unlock'
import { z } from 'zod'
import { expectAppError, manualClock } from '../../unit/vault/helpers'

describe('offline unlock with the production scrypt parameters', () => {
  it(
    'uses N=2^17, r=8, p=1 (needs maxmem above Node’s default) and verifies right and wrong passwords',
    { timeout: 30_000 },
    async () => {
      expect(STRONG_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 })
      const store = createMemoryDocStore()
      const service = createUnlockService({ store, clock: manualClock(), tickMs: 0 })
      await service.setVerifier('生产参数-password')
      expect((await store.read(UNLOCK_DOC, z.any())).verifier).toMatchObject({ N: 2 ** 17, r: 8, p: 1 })
      service.lock()
      await expectAppError(service.unlock('生产参数-passwore'), 'WRONG_PASSWORD')
      await service.unlock('生产参数-password')
      expect(service.isLocked()).toBe(false)
    },
  )
})
