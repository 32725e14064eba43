import { describe, expect, it } from 'vitest'
import type { ActivationState } from '@shared/contract'
import { decide, wizardUnfinished } from '@renderer/router/guard'

const wizard = (step: ActivationState['step'], phone = '13912345678'): ActivationState => ({
  step,
  draft: { phone, name: '', idNumber: '' },
  sms: null,
  card: null,
  profile: null,
})
const app = { path: '/home', meta: {} }
const pub = (path: string) => ({ path, meta: { public: true } })

describe('the flow guard', () => {
  it('sends a new user to the welcome screen and keeps the app closed', () => {
    expect(decide(app, { session: 'none', wizard: wizard('register', '') })).toBe('/welcome')
    expect(decide(pub('/welcome'), { session: 'none', wizard: undefined })).toBe(true)
    expect(decide(pub('/activate'), { session: 'none', wizard: undefined })).toBe(true)
  })

  it('resumes an unfinished wizard, even once the account exists', () => {
    expect(decide(app, { session: 'none', wizard: wizard('verify') })).toBe('/activate')
    expect(decide(app, { session: 'unlocked', wizard: wizard('card') })).toBe('/activate')
    expect(decide(app, { session: 'unlocked', wizard: wizard('payPassword') })).toBe('/activate')
    expect(decide(app, { session: 'unlocked', wizard: wizard('done') })).toBe(true)
    expect(wizardUnfinished(wizard('register', ''))).toBe(false)
    expect(wizardUnfinished(wizard('register'))).toBe(true)
  })

  it('keeps a locked wallet on the lock screen', () => {
    expect(decide(app, { session: 'locked', wizard: undefined })).toBe('/lock')
    expect(decide(pub('/welcome'), { session: 'locked', wizard: undefined })).toBe('/lock')
    expect(decide(pub('/sign-in'), { session: 'locked', wizard: undefined })).toBe(true)
  })

  it('takes an unlocked user past the welcome and sign-in screens', () => {
    expect(decide(pub('/welcome'), { session: 'unlocked', wizard: undefined })).toBe('/home')
    expect(decide(pub('/sign-in'), { session: 'unlocked', wizard: wizard('done') })).toBe('/home')
    expect(decide(app, { session: 'unlocked', wizard: undefined })).toBe(true)
  })
})
