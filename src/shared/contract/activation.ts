import { z } from 'zod'
import { RegisterFields } from '../bank-api/bodies'
import { TierCaps, WalletTier } from '../bank-api/tiers'
import { ACTIVATION_STEPS } from './constants'
import { channel } from './define'
import { Secret, Text } from './text'

/** The wizard's steps, in order (product brief, section 二). */
export { ACTIVATION_STEPS }
export const ActivationStep = z.enum(ACTIVATION_STEPS)
export type ActivationStep = z.infer<typeof ActivationStep>

/** What the renderer may know about the signed-in customer: masked, never a secret. */
export const WalletProfile = z.object({
  walletNo: z.string(),
  nameMasked: z.string(),
  phoneMasked: z.string(),
  tier: WalletTier,
  tierName: z.string(),
  caps: TierCaps,
  payPasswordSet: z.boolean(),
})
export type WalletProfile = z.infer<typeof WalletProfile>

export const MaskedCard = z.object({
  cardId: z.string(),
  bankName: z.string(),
  masked: z.string(),
})
export type MaskedCard = z.infer<typeof MaskedCard>

export const SmsTicket = z.object({
  phoneMasked: z.string(),
  expiresAt: z.number(),
  resendAt: z.number(),
})
export type SmsTicket = z.infer<typeof SmsTicket>

/** Wizard progress as the renderer sees it. What was typed comes back, except secrets. */
export const ActivationState = z.object({
  step: ActivationStep,
  draft: z.object({ phone: z.string(), name: z.string(), idNumber: z.string() }),
  sms: SmsTicket.nullable(),
  card: MaskedCard.nullable(),
  profile: WalletProfile.nullable(),
})
export type ActivationState = z.infer<typeof ActivationState>

/** The bank's registration fields (checked in main, then by the bank), and the accepted terms. */
export const RegisterInput = RegisterFields.extend({
  phone: Text(20),
  name: Text(40),
  idNumber: Text(20),
  password: Secret(64),
  agreed: z.literal(true),
})

export const SessionStatus = z.object({
  /** none: no profile on this computer; locked: profile exists, password needed; unlocked. */
  status: z.enum(['none', 'locked', 'unlocked']),
  /** True while unlocked with the offline verifier because the bank could not be reached. */
  offline: z.boolean(),
  profile: WalletProfile.nullable(),
})
export type SessionStatus = z.infer<typeof SessionStatus>

/** A second factor the bank asks for: 'sms' on a new device, 'totp' with two-factor on. */
export const SignInChallenge = z.object({ method: z.enum(['sms', 'totp']), phoneMasked: z.string(), expiresAt: z.number() })
export type SignInChallenge = z.infer<typeof SignInChallenge>

export const SignInResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), session: SessionStatus }),
  SignInChallenge.extend({ status: z.literal('challenge') }),
])
export type SignInResult = z.infer<typeof SignInResult>

export const activationChannels = {
  'activation.state': channel(z.void(), ActivationState),
  /** Step 1: checks the fields with the bank and keeps them for step 2 (the password in main's memory only, never on disk). */
  'activation.register': channel(RegisterInput, ActivationState),
  /** Step 2: sends (or resends) the SMS code. */
  'activation.sendSms': channel(z.void(), SmsTicket),
  /** Step 2: the SMS code; creates the customer and signs in on this device. */
  'activation.verify': channel(z.object({ code: Text(6) }), ActivationState),
  /** Step 3. */
  'activation.bindCard': channel(z.object({ pan: Text(30), reservedPhone: Text(20) }), ActivationState),
  /** Step 4. */
  'activation.setPayPassword': channel(z.object({ payPassword: Secret(6) }), ActivationState),
  /** Back to step 1 before the account exists (keeps what was typed, except the password). */
  'activation.back': channel(z.void(), ActivationState),
  /** Abandons the wizard before the account exists. */
  'activation.cancel': channel(z.void(), ActivationState),

  'session.status': channel(z.void(), SessionStatus),
  'session.signIn': channel(z.object({ phone: Text(20), password: Secret(64) }), SignInResult),
  /** Answers the pending second factor; an SMS step may be followed by a TOTP step, where a recovery code (XXXXX-XXXXX) also works once. */
  'session.challenge': channel(z.object({ code: Text(11) }), SignInResult),
  /** The user gives up a waiting second factor (暂不验证, 重新登录): main forgets it and the password kept for it. */
  'session.abandonChallenge': channel(z.void(), z.null()),
  /**
   * Opens the wallet with the login password (offline when the bank cannot be reached). When the bank
   * wants a second factor to renew the session, the wallet is open offline and `challenge` says which;
   * `session.challenge` answers it like a sign-in's.
   */
  'session.unlock': channel(z.object({ password: Secret(64) }), SessionStatus.extend({ challenge: SignInChallenge.optional() })),
  'session.lock': channel(z.void(), SessionStatus),
  /** The user did something: postpones the idle lock. */
  'session.activity': channel(z.void(), z.void()),
}

export const activationEvents = {
  /** A simulated SMS (模拟短信) arrived: there is no real SMS; the mock bank emits the code. */
  /** 模拟短信: `expiresAt` is the bank's end of the code's validity (the notification closes then). */
  'sms.received': z.object({
    phoneMasked: z.string(),
    code: z.string(),
    purpose: z.string(),
    at: z.number(),
    expiresAt: z.number().optional(),
  }),
  'session.changed': SessionStatus,
}
