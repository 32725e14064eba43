import { describe, expect, it } from 'vitest'
import { AppError, ERROR_CODES, ERROR_OUTCOMES, outcomeOf } from '../../src/shared/errors'

describe('the outcome of every error code', () => {
  it('classifies every code, and nothing else', () => {
    expect(Object.keys(ERROR_OUTCOMES).sort()).toEqual([...new Set(ERROR_CODES)].sort())
    for (const outcome of Object.values(ERROR_OUTCOMES)) expect(['final', 'retry', 'unknown']).toContain(outcome)
  })

  it('never calls a lost answer or a request still in flight a failure', () => {
    for (const code of ['NETWORK', 'TIMEOUT', 'BANK_UNAVAILABLE', 'IDEMPOTENCY_IN_FLIGHT', 'OFFLINE'] as const)
      expect(outcomeOf(new AppError(code))).toBe('unknown')
  })

  it('waits for the user (same key) when the bank refused before doing anything', () => {
    for (const code of ['LOCKED', 'SESSION_EXPIRED', 'UNAUTHORIZED', 'VAULT_LOCKED'] as const)
      expect(outcomeOf(code)).toBe('retry')
  })

  it('takes a refusal by the bank as final, and anything it cannot read as unknown', () => {
    expect(outcomeOf(new AppError('INSUFFICIENT_FUNDS'))).toBe('final')
    expect(outcomeOf('PAY_PASSWORD_WRONG')).toBe('final')
    expect(outcomeOf(new Error('a bug'))).toBe('unknown')
    expect(outcomeOf('NOT_A_CODE')).toBe('unknown')
  })
})
