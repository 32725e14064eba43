import {
  maskPhone,
  validateLoginPassword,
  validateMobile,
  validateResidentId,
  type BirthDate,
} from '../../shared/validators'
import type {
  Challenge,
  CustomerSettings,
  LoginResponse,
  RegisterFields,
  RegisterRequest,
  Session,
  SessionResponse,
} from '../../shared/bank-api'
import { BankError, fail } from '../errors'
import { sha256 } from '../hashing'
import { newId, newToken, randomDigits } from '../random'
import type { ChallengeStep, CustomerRec } from '../state'
import { WELCOME_MESSAGES } from '../catalog'
import { verifyTotp, base32Decode } from '../../shared/otp'
import { matchRecoveryCode, RECOVERY_CODE_PATTERN } from './recovery'
import type { Ctx } from './context'
import { welcomeAnnouncements } from './coupons'
import { profileOf } from './profile'
import { consumeSms, sendSms } from './sms'

export interface ValidRegistration {
  phone: string
  name: string
  idNumber: string
  birthDate: BirthDate
}

const NAME = /^[\u4e00-\u9fa5\u3400-\u4dbfA-Za-z·•. ]+$/

/** The first wizard step's rules, each failure naming what is wrong. */
export function validateRegistration(ctx: Pick<Ctx, 'state' | 'now'>, fields: RegisterFields): ValidRegistration {
  const phone = validateMobile(fields.phone)
  if (!phone.ok) fail('PHONE_INVALID', 'not a mainland mobile number', { reason: phone.reason })
  const name = fields.name.trim()
  if (Array.from(name).length < 2 || Array.from(name).length > 20)
    fail('NAME_INVALID', 'a name has 2 to 20 characters', { reason: 'LENGTH' })
  if (!NAME.test(name)) fail('NAME_INVALID', 'a name has Chinese characters or letters only', { reason: 'FORMAT' })
  const id = validateResidentId(fields.idNumber, new Date(ctx.now))
  if (!id.ok) fail('ID_INVALID', 'not a valid resident ID number', { reason: id.reason })
  const password = validateLoginPassword(fields.password, { phone: phone.phone, birthDate: id.birthDate })
  if (!password.ok) fail('PASSWORD_WEAK', 'the login password does not meet the rules', { reason: password.reason })
  if (ctx.state.byPhone.has(phone.phone)) fail('PHONE_TAKEN', 'this phone number already has a wallet')
  if (ctx.state.byIdNumber.has(id.id)) fail('ID_TAKEN', 'this ID number already has a wallet')
  return { phone: phone.phone, name, idNumber: id.id, birthDate: id.birthDate }
}

export function defaultSettings(ctx: Pick<Ctx, 'config'>): CustomerSettings {
  return { smallAmountNoPassword: false, smallAmountLimitFen: ctx.config.payCode.smallAmountDefaultFen }
}

function newWalletNo(ctx: Ctx): string {
  for (;;) {
    const walletNo = `0021${randomDigits(12)}`
    if (!ctx.state.byWalletNo.has(walletNo)) return walletNo
  }
}

/** Creates the customer (tier 三类: phone and real-name ID), binds the device and signs in. */
export function createCustomer(ctx: Ctx, reg: ValidRegistration, passwordHash: string, at: number = ctx.now): string {
  const c = newId('cus')
  ctx.emit({
    t: 'customer',
    c,
    walletNo: newWalletNo(ctx),
    phone: reg.phone,
    name: reg.name,
    idNumber: reg.idNumber,
    hash: passwordHash,
    at,
    settings: defaultSettings(ctx),
  })
  WELCOME_MESSAGES.forEach((m, i) => {
    ctx.emit({
      t: 'message',
      c,
      message: {
        messageId: newId('msg'),
        sender: m.sender,
        title: m.title,
        body: m.body,
        category: m.category,
        createdAt: at + i,
        read: false,
      },
    })
  })
  welcomeAnnouncements(ctx, c, at + WELCOME_MESSAGES.length)
  return c
}

export function register(ctx: Ctx, body: RegisterRequest, passwordHash: string): SessionResponse {
  const reg = validateRegistration(ctx, body)
  consumeSms(ctx, reg.phone, 'register', body.smsCode)
  const c = createCustomer(ctx, reg, passwordHash)
  ctx.emit({ t: 'device', c, deviceId: body.deviceId, name: body.deviceName ?? '', os: body.deviceOs ?? '', at: ctx.now })
  const session = openSession(ctx, c, body.deviceId)
  return { session, customer: profileOf(ctx, ctx.state.customer(c)) }
}

export function openSession(ctx: Ctx, c: string, deviceId: string): Session {
  const token = newToken()
  const expiresAt = ctx.now + ctx.config.session.ttlMs
  ctx.emit({ t: 'session', hash: sha256(token), c, deviceId, at: ctx.now, expiresAt })
  return { token, expiresAt, deviceId }
}

export interface PasswordVerdict {
  /** The hash the password was checked against; a change since then voids the verdict. */
  hash: string | null
  ok: boolean
}

export function login(
  ctx: Ctx,
  body: { phone: string; deviceId: string; deviceName?: string | undefined; deviceOs?: string | undefined },
  verdict: PasswordVerdict,
): LoginResponse {
  const c = ctx.state.byPhone.get(body.phone)
  if (!c) fail('CREDENTIALS_INVALID', 'wrong phone number or password')
  const rec = ctx.state.customer(c)
  requireLoginPassword(ctx, rec, verdict)
  const steps: ChallengeStep[] = []
  if (!rec.devices.has(body.deviceId)) steps.push('sms')
  if (rec.totpEnabled) steps.push('totp')
  if (steps.length === 0) return { status: 'ok', session: openSession(ctx, c, body.deviceId), customer: profileOf(ctx, rec) }
  const id = newId('chl')
  const expiresAt = ctx.now + ctx.config.session.challengeTtlMs
  ctx.emit({
    t: 'challenge',
    id,
    c,
    deviceId: body.deviceId,
    deviceName: body.deviceName ?? '',
    deviceOs: body.deviceOs ?? '',
    steps,
    expiresAt,
  })
  if (steps[0] === 'sms') sendSmsQuietly(ctx, rec.phone)
  return { status: 'challenge', challenge: challengeView(ctx, rec, id) }
}

/**
 * The login password's gate (sign-in, and the current password of a change): wrong answers are counted
 * and committed even though the request fails; the last allowed one locks sign-in for lockMs.
 */
export function requireLoginPassword(ctx: Ctx, rec: CustomerRec, verdict: PasswordVerdict): void {
  const c = rec.id
  if (rec.loginLockedUntil !== null && rec.loginLockedUntil > ctx.now) {
    fail('LOGIN_LOCKED', 'too many wrong passwords', { unlockAt: rec.loginLockedUntil })
  }
  if (!verdict.ok || verdict.hash !== rec.passwordHash) {
    const { maxFailures, lockMs } = ctx.config.login
    const failures = (rec.loginLockedUntil !== null ? 0 : rec.loginFailures) + 1
    const lockedUntil = failures >= maxFailures ? ctx.now + lockMs : null
    ctx.emit({ t: 'login.failed', c, failures, lockedUntil })
    if (lockedUntil !== null) fail('LOGIN_LOCKED', 'too many wrong passwords', { unlockAt: lockedUntil })
    fail('CREDENTIALS_INVALID', 'wrong phone number or password', { attemptsLeft: maxFailures - failures })
  }
  if (rec.loginFailures > 0 || rec.loginLockedUntil !== null) ctx.emit({ t: 'login.ok', c })
}

function sendSmsQuietly(ctx: Ctx, phone: string): void {
  // The app can always ask again with POST /sms/send; a code still in its resend window stays valid.
  try {
    sendSms(ctx, phone, 'login')
  } catch (error) {
    if (!(error instanceof BankError)) throw error
  }
}

/**
 * An SMS step can be answered only while its code is valid (consumeSms refuses an expired one, and the
 * step offers no new code): its expiresAt is the code's when that comes first, so the screen counts down
 * the 5 minutes the SMS says, not the attempt's 10.
 */
function challengeView(ctx: Ctx, rec: CustomerRec, id: string): Challenge {
  const ch = ctx.state.challenges.get(id)!
  const method = ch.steps[0]!
  const code = method === 'sms' ? ctx.state.smsCodes.get(`${rec.phone}|login`) : undefined
  const expiresAt = code && !code.used ? Math.min(ch.expiresAt, code.expiresAt) : ch.expiresAt
  return { challengeId: id, method, expiresAt, phoneMasked: maskPhone(rec.phone) }
}

const MAX_TOTP_TRIES = 5

export function answerChallenge(ctx: Ctx, body: { challengeId: string; code: string }): LoginResponse {
  const ch = ctx.state.challenges.get(body.challengeId)
  if (!ch || ch.expiresAt <= ctx.now) fail('CHALLENGE_INVALID', 'the sign-in attempt has expired: sign in again')
  const rec = ctx.state.customer(ch.c)
  if (rec.closedAt !== null) fail('CHALLENGE_INVALID', 'the sign-in attempt has expired: sign in again')
  const step = ch.steps[0]
  if (step === 'sms') {
    consumeSms(ctx, rec.phone, 'login', body.code)
  } else {
    checkTotp(ctx, rec, body.code, { recovery: true }, () => {
      ctx.emit({ t: 'challenge.wrong', id: ch.id })
      const left = MAX_TOTP_TRIES - ch.wrong
      if (left <= 0) ctx.emit({ t: 'challenge.end', id: ch.id })
      return left
    })
  }
  ctx.emit({ t: 'challenge.step', id: ch.id })
  if (ch.steps.length > 0) return { status: 'challenge', challenge: challengeView(ctx, rec, ch.id) }
  ctx.emit({ t: 'challenge.end', id: ch.id })
  if (!rec.devices.has(ch.deviceId))
    ctx.emit({ t: 'device', c: rec.id, deviceId: ch.deviceId, name: ch.deviceName, os: ch.deviceOs, at: ctx.now })
  return { status: 'ok', session: openSession(ctx, rec.id, ch.deviceId), customer: profileOf(ctx, rec) }
}

/**
 * Checks an authenticator code once (a used counter is never accepted again). Wrong codes are counted
 * per customer, over every challenge, the disable and the deregistration check, and committed although
 * the request fails (like the payment password's, ops/paypw.ts): the last allowed one locks every TOTP
 * check for `config.totp.lockMs` on the bank's clock, and only a correct code after that resets the
 * count. `onWrong` counts the wrong code for the caller too (a challenge's own limit) and answers how
 * many tries it has left. With `recovery` (the sign-in step only) an unused recovery code is accepted
 * once instead (ops/recovery.ts); a wrong one counts like a wrong code, so the same lock bounds guessing.
 */
export function checkTotp(
  ctx: Ctx,
  rec: CustomerRec,
  code: string,
  options: { recovery?: boolean } = {},
  onWrong?: () => number,
): void {
  if (!rec.totpEnabled || !rec.totpSecret) fail('TOTP_NOT_ENABLED', 'two-factor authentication is not on')
  if (rec.totpLockedUntil !== null && rec.totpLockedUntil > ctx.now) {
    fail('TOTP_LOCKED', 'too many wrong authenticator codes', { retryAt: rec.totpLockedUntil })
  }
  const isRecovery = options.recovery === true && RECOVERY_CODE_PATTERN.test(code)
  const recoveryIndex = isRecovery ? matchRecoveryCode(rec.totpRecovery, code) : undefined
  const counter = isRecovery
    ? undefined
    : verifyTotp(base32Decode(rec.totpSecret), code, ctx.now, { lastCounter: rec.totpLastCounter })
  if (recoveryIndex !== undefined) {
    if (rec.totpFailures > 0 || rec.totpLockedUntil !== null) ctx.emit({ t: 'totp.ok', c: rec.id })
    ctx.emit({ t: 'totp.recoveryUsed', c: rec.id, index: recoveryIndex })
    return
  }
  if (counter === undefined) {
    const { maxFailures, lockMs } = ctx.config.totp
    const failures = (rec.totpLockedUntil !== null ? 0 : rec.totpFailures) + 1
    const lockedUntil = failures >= maxFailures ? ctx.now + lockMs : null
    ctx.emit({ t: 'totp.failed', c: rec.id, failures, lockedUntil })
    const challengeLeft = onWrong?.()
    if (lockedUntil !== null) fail('TOTP_LOCKED', 'too many wrong authenticator codes', { retryAt: lockedUntil })
    const attemptsLeft = Math.min(maxFailures - failures, challengeLeft ?? Number.POSITIVE_INFINITY)
    fail('TOTP_INVALID', 'wrong authenticator code', { attemptsLeft })
  }
  if (rec.totpFailures > 0 || rec.totpLockedUntil !== null) ctx.emit({ t: 'totp.ok', c: rec.id })
  ctx.emit({ t: 'totp.used', c: rec.id, counter })
}

export interface Authenticated {
  rec: CustomerRec
  sessionHash: string
  deviceId: string
}

export function authenticate(ctx: Pick<Ctx, 'state' | 'now'>, authorization: string | undefined): Authenticated {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (!token) fail('UNAUTHORIZED', 'sign in first')
  const sessionHash = sha256(token)
  const session = ctx.state.sessions.get(sessionHash)
  if (!session) fail('UNAUTHORIZED', 'unknown or revoked session')
  if (session.expiresAt <= ctx.now)
    fail('SESSION_EXPIRED', 'the session has expired: sign in again', { expiredAt: session.expiresAt })
  const rec = ctx.state.customer(session.c)
  if (rec.closedAt !== null) fail('ACCOUNT_CLOSED', 'this wallet has been closed')
  return { rec, sessionHash, deviceId: session.deviceId }
}

/** The closed customer a still-remembered token belonged to, if it did belong to one (see route.ts replays). */
export function closedCustomerOf(ctx: Pick<Ctx, 'state'>, authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  const session = token ? ctx.state.sessions.get(sha256(token)) : undefined
  return session && ctx.state.customers.get(session.c)?.closedAt != null ? session.c : undefined
}

export function refresh(ctx: Ctx, auth: Authenticated): SessionResponse {
  ctx.emit({ t: 'session.end', hash: auth.sessionHash })
  return { session: openSession(ctx, auth.rec.id, auth.deviceId), customer: profileOf(ctx, auth.rec) }
}

export function changePassword(
  ctx: Ctx,
  auth: Authenticated,
  verdict: PasswordVerdict,
  newPassword: string,
  newHash: string | null,
): { ok: true } {
  const rec = auth.rec
  requireLoginPassword(ctx, rec, verdict)
  storeLoginPassword(ctx, rec, newPassword, newHash)
  // Other devices sign in again with the new password.
  endSessions(ctx, rec.id, auth.sessionHash)
  return { ok: true }
}

function storeLoginPassword(ctx: Ctx, rec: CustomerRec, newPassword: string, newHash: string | null): void {
  const id = validateResidentId(rec.idNumber, new Date(ctx.now))
  const rule = validateLoginPassword(newPassword, { phone: rec.phone, ...(id.ok ? { birthDate: id.birthDate } : {}) })
  if (!rule.ok) fail('PASSWORD_WEAK', 'the new password does not meet the rules', { reason: rule.reason })
  if (!newHash) throw new Error('password change reached the bank without a hash')
  ctx.emit({ t: 'password', c: rec.id, hash: newHash, at: ctx.now })
}

function endSessions(ctx: Ctx, c: string, keep?: string): void {
  for (const [hash, session] of ctx.state.sessions) {
    if (session.c === c && hash !== keep) ctx.emit({ t: 'session.end', hash })
  }
}

/** The ID number as typed (spaces, a lower-case x) against the one on record. */
export function sameResidentId(typed: string, recorded: string): boolean {
  return typed.replace(/\s/g, '').toUpperCase() === recorded
}

/**
 * 忘记登录密码: the phone's code (reset-login) and the resident ID number set a new password. Whoever
 * had the old one is signed out everywhere, and the sign-in lockout is lifted.
 */
export function resetLoginPassword(
  ctx: Ctx,
  body: { phone: string; smsCode: string; idNumber: string; newPassword: string },
  newHash: string | null,
): { ok: true } {
  const c = ctx.state.byPhone.get(body.phone)
  if (!c) fail('NOT_FOUND', 'no wallet with this phone number')
  const rec = ctx.state.customer(c)
  // The new password's rules first: a weak one should not cost the code a try.
  const id = validateResidentId(rec.idNumber, new Date(ctx.now))
  const rule = validateLoginPassword(body.newPassword, { phone: rec.phone, ...(id.ok ? { birthDate: id.birthDate } : {}) })
  if (!rule.ok) fail('PASSWORD_WEAK', 'the new password does not meet the rules', { reason: rule.reason })
  consumeSms(ctx, rec.phone, 'reset-login', body.smsCode, () => (sameResidentId(body.idNumber, rec.idNumber) ? null : 'idNumber'))
  storeLoginPassword(ctx, rec, body.newPassword, newHash)
  if (rec.loginFailures > 0 || rec.loginLockedUntil !== null) ctx.emit({ t: 'login.ok', c })
  endSessions(ctx, c)
  return { ok: true }
}
