import type { InputOf, OutputOf } from '@shared/contract'
import { call } from '@renderer/api/client'

/**
 * 双因素认证's calls (views stay off the bridge: tests/unit/renderer/layering.test.ts). Nothing here
 * keeps what passes through: the secret and the recovery codes live in the screen only.
 */
export const twoFactor = {
  status: (): Promise<OutputOf<'twofa.status'>> => call('twofa.status'),
  enroll: (): Promise<OutputOf<'twofa.enroll'>> => call('twofa.enroll'),
  confirm: (input: InputOf<'twofa.confirm'>): Promise<OutputOf<'twofa.confirm'>> => call('twofa.confirm', input),
  disable: (input: InputOf<'twofa.disable'>): Promise<OutputOf<'twofa.disable'>> => call('twofa.disable', input),
  saveRecoveryCodes: (input: InputOf<'twofa.saveRecoveryCodes'>): Promise<OutputOf<'twofa.saveRecoveryCodes'>> =>
    call('twofa.saveRecoveryCodes', input),
}
