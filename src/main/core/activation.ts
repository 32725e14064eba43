import { z } from 'zod'
import type { ActivationState} from '../../shared/contract/activation';
import { ActivationStep, MaskedCard, SmsTicket, WalletProfile } from '../../shared/contract/activation'
import { AppError } from '../../shared/errors'
import {
  birthDateOfResidentId,
  validateBankCard,
  validateLoginPassword,
  validateMobile,
  validatePayPassword,
  maskResidentId,
  validateResidentId,
} from '../../shared/validators'
import type { BankClient } from '../platform/bank/client'
import { withIdempotencyKey, type KeyLedger } from '../platform/bank/idempotency'
import type { Clock, DocStore } from '../base/ports'
import { deviceIdOf, deviceOsName, toMaskedCard, toWalletProfile } from './profile'
import type { SessionService } from './session'

const DOC = 'wizard'

/**
 * Wizard progress, sealed. Never the login password: that is held in memory between step 1 and the
 * SMS step (see createActivationService).
 */
const WizardDoc = z.object({
  version: z.literal(1),
  step: ActivationStep,
  draft: z.object({ phone: z.string(), name: z.string(), idNumber: z.string() }),
  sms: SmsTicket.nullable(),
  card: MaskedCard.nullable(),
  profile: WalletProfile.nullable(),
})
type WizardDoc = z.infer<typeof WizardDoc>

/** What older versions wrote: the same, with the login password kept until the SMS step. */
const StoredWizardDoc = WizardDoc.extend({ password: z.string().nullable().optional() })

const EMPTY: WizardDoc = {
  version: 1,
  step: 'register',
  draft: { phone: '', name: '', idNumber: '' },
  sms: null,
  card: null,
  profile: null,
}

function invalid(field: string, reason: string): AppError {
  return new AppError('INVALID_INPUT', `${field}: ${reason}`, { field, reason })
}

export interface ActivationDeps {
  store: DocStore
  bank: BankClient
  keys: KeyLedger
  session: SessionService
  clock: Clock
}

/**
 * The activation wizard of the product brief (注册账户 → 账户验证 → 激活钱包 → 设置支付密码 → 完成),
 * through the bank. Progress is sealed after each step so a restart resumes where the user was; every
 * bank call runs under an idempotency key kept until its outcome is known.
 */
export function createActivationService(deps: ActivationDeps) {
  const { store, bank, keys, session, clock } = deps
  /**
   * The login password between step 1 and the SMS step, for the phone it was entered with: in this
   * process only. After a restart the SMS step asks for it again (PASSWORD_REQUIRED) before anything
   * reaches the bank.
   */
  let password: { phone: string; value: string } | null = null

  async function load(): Promise<WizardDoc> {
    const stored = await store.read(DOC, StoredWizardDoc)
    if (!stored) return { ...EMPTY }
    const { password: kept, ...doc } = stored
    if (kept !== undefined) {
      // Written by an older version: this run may still use the password it read, but neither the
      // document nor its previous generation keeps it any longer.
      if (kept !== null && doc.step === 'verify') password ??= { phone: doc.draft.phone, value: kept }
      await store.write(DOC, doc, { forget: true })
    }
    return doc
  }

  async function save(doc: WizardDoc): Promise<ActivationState> {
    await store.write(DOC, doc)
    return view(doc)
  }

  function heldPassword(doc: WizardDoc): string | null {
    return password !== null && password.phone === doc.draft.phone ? password.value : null
  }

  function view(doc: WizardDoc): ActivationState {
    return { step: doc.step, draft: doc.draft, sms: doc.sms, card: doc.card, profile: doc.profile }
  }

  function expect(doc: WizardDoc, ...steps: ActivationStep[]): void {
    if (!steps.includes(doc.step)) throw new AppError('INVALID_INPUT', `the wizard is at ${doc.step}`, { step: doc.step })
  }

  async function state(): Promise<ActivationState> {
    return view(await load())
  }

  async function register(input: { phone: string; name: string; idNumber: string; password: string }): Promise<ActivationState> {
    const doc = await load()
    expect(doc, 'register', 'verify')
    const phone = validateMobile(input.phone)
    if (!phone.ok) throw invalid('phone', phone.reason)
    const name = input.name.trim()
    if (!/^[\u4e00-\u9fa5·]{2,20}$|^[A-Za-z][A-Za-z .'-]{1,39}$/.test(name)) throw invalid('name', 'FORMAT')
    const id = validateResidentId(input.idNumber, new Date(clock.now()))
    if (!id.ok) throw invalid('idNumber', id.reason)
    const idNumber = input.idNumber.trim().toUpperCase()
    const pw = validateLoginPassword(input.password, { phone: phone.phone, birthDate: birthDateOfResidentId(idNumber) })
    if (!pw.ok) throw invalid('password', pw.reason)
    await bank.call('validateRegistration', { body: { phone: phone.phone, name, idNumber, password: input.password } })
    const samePhone = doc.draft.phone === phone.phone
    const next = await save({ ...doc, step: 'verify', draft: { phone: phone.phone, name, idNumber }, sms: samePhone ? doc.sms : null })
    password = { phone: phone.phone, value: input.password }
    return next
  }

  async function sendSms(): Promise<z.infer<typeof SmsTicket>> {
    const doc = await load()
    expect(doc, 'verify')
    const sent = await withIdempotencyKey(keys, 'sms.register', { phone: doc.draft.phone, after: doc.sms?.resendAt ?? 0 }, (key) =>
      bank.call('sendSms', { body: { phone: doc.draft.phone, purpose: 'register' }, idempotencyKey: key }),
    )
    const sms = { phoneMasked: sent.phoneMasked, expiresAt: sent.expiresAt, resendAt: sent.resendAt }
    await save({ ...doc, sms })
    return sms
  }

  async function verify(code: string): Promise<ActivationState> {
    const doc = await load()
    expect(doc, 'verify')
    if (!/^\d{6}$/.test(code)) throw invalid('code', 'FORMAT')
    const entered = heldPassword(doc)
    if (entered === null)
      throw new AppError('INVALID_INPUT', 'the login password must be entered again', { step: 'register', reason: 'PASSWORD_REQUIRED' })
    const deviceId = await deviceIdOf(store, clock.now())
    const body = { ...doc.draft, password: entered, smsCode: code, deviceId, deviceName: '工行数字钱包 · 桌面版', deviceOs: deviceOsName() }
    const response = await withIdempotencyKey(keys, 'register', body, (key) => bank.call('register', { body, idempotencyKey: key }))
    await session.established(doc.draft.phone, entered, response)
    password = null
    return save({ ...doc, step: 'card', profile: toWalletProfile(response.customer) })
  }

  async function bindCard(input: { pan: string; reservedPhone: string }): Promise<ActivationState> {
    const doc = await load()
    expect(doc, 'card')
    const card = validateBankCard(input.pan)
    if (!card.ok) throw invalid('pan', card.reason)
    const phone = validateMobile(input.reservedPhone)
    if (!phone.ok) throw invalid('reservedPhone', phone.reason)
    const token = await session.token()
    const bound = await withIdempotencyKey(keys, 'cards.bind', { pan: card.pan, phone: phone.phone }, (key) =>
      bank.call('bindCard', { body: { pan: card.pan, reservedPhone: phone.phone }, token, idempotencyKey: key }),
    )
    const profile = toWalletProfile(await bank.call('me', { token }))
    return save({ ...doc, step: 'payPassword', card: toMaskedCard(bound.card), profile })
  }

  async function setPayPassword(payPassword: string): Promise<ActivationState> {
    const doc = await load()
    expect(doc, 'payPassword')
    const check = validatePayPassword(payPassword, { birthDate: birthDateOfResidentId(doc.draft.idNumber), residentId: doc.draft.idNumber })
    if (!check.ok) throw new AppError('PAY_PASSWORD_TRIVIAL', 'the payment password is too easy to guess', { reason: check.reason })
    const token = await session.token()
    await withIdempotencyKey(keys, 'paypw.set', { at: 'activation' }, (key) =>
      bank.call('setPayPassword', { body: { payPassword }, token, idempotencyKey: key }),
    )
    const profile = toWalletProfile(await bank.call('me', { token }))
    // The full ID number was needed only to keep it out of the payment password; from here on the
    // wizard keeps it masked, in both generations of its document.
    const draft = { ...doc.draft, idNumber: maskResidentId(doc.draft.idNumber) }
    const done: WizardDoc = { ...doc, step: 'done', draft, profile }
    await store.write(DOC, done, { forget: true })
    await session.changed()
    return view(done)
  }

  async function back(): Promise<ActivationState> {
    const doc = await load()
    if (doc.step !== 'verify') return view(doc)
    password = null
    return save({ ...doc, step: 'register' })
  }

  async function cancel(): Promise<ActivationState> {
    const doc = await load()
    if (doc.step !== 'register' && doc.step !== 'verify') return view(doc)
    password = null
    await store.remove(DOC)
    return view({ ...EMPTY })
  }

  return { state, register, sendSms, verify, bindCard, setPayPassword, back, cancel }
}
