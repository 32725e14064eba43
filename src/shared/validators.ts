/**
 * Validators shared by the renderer (instant feedback) and the bank (the rule that counts). Each one
 * answers with a stable reason code saying WHAT is wrong, so the UI can say it in the user's language.
 * Pure: no Node APIs, no DOM.
 */

export type Validation<R extends string, V = Record<never, never>> = ({ ok: true } & V) | { ok: false; reason: R }

// ---------------------------------------------------------------------------------------------
// Mainland mobile numbers

export type PhoneError = 'EMPTY' | 'FORMAT' | 'LENGTH' | 'PREFIX'

/** 11 digits, starting 13–19 (the MIIT number plan for mainland mobile networks). */
export function validateMobile(input: string): Validation<PhoneError, { phone: string }> {
  const phone = input.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')
  if (phone === '') return { ok: false, reason: 'EMPTY' }
  if (!/^\d+$/.test(phone)) return { ok: false, reason: 'FORMAT' }
  if (phone.length !== 11) return { ok: false, reason: 'LENGTH' }
  if (!/^1[3-9]/.test(phone)) return { ok: false, reason: 'PREFIX' }
  return { ok: true, phone }
}

export function isMainlandMobile(input: string): boolean {
  return /^1[3-9]\d{9}$/.test(input)
}

// ---------------------------------------------------------------------------------------------
// Resident identity card numbers (GB 11643-1999)

export type ResidentIdError = 'EMPTY' | 'LENGTH' | 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT'

export interface BirthDate {
  year: number
  month: number
  day: number
}

export interface ResidentIdInfo {
  /** Normalised: a lowercase x check digit becomes X. */
  id: string
  birthDate: BirthDate
  /** GB 11643: an odd sequence digit (the 17th) is male. */
  gender: 'M' | 'F'
  /** The two-digit province code. */
  province: string
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK_CHARS = '10X98765432'

/** Province-level codes of GB/T 2260, plus 71/81/82/83 used for Taiwan, Hong Kong and Macao residents. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
])

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0)
  return ID_CHECK_CHARS.charAt(sum % 11)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * Checks an 18-digit resident ID number: length, characters, province, a real birth date not in the
 * future, then the check digit. `today` is injectable so tests do not depend on the calendar.
 */
export function validateResidentId(input: string, today: Date = new Date()): Validation<ResidentIdError, ResidentIdInfo> {
  const id = input.replace(/\s/g, '').toUpperCase()
  if (id === '') return { ok: false, reason: 'EMPTY' }
  if (id.length !== 18) return { ok: false, reason: 'LENGTH' }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'FORMAT' }
  const province = id.slice(0, 2)
  if (!PROVINCES.has(province)) return { ok: false, reason: 'REGION' }
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = Date.UTC(year, month - 1, day)
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || birth > todayUtc) {
    return { ok: false, reason: 'BIRTH_DATE' }
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id.charAt(17)) return { ok: false, reason: 'CHECK_DIGIT' }
  return { ok: true, id, birthDate: { year, month, day }, gender: Number(id.charAt(16)) % 2 === 1 ? 'M' : 'F', province }
}

/** The birth date of a structurally valid ID number (no check-digit test), for password rules. */
export function birthDateOfResidentId(id: string): BirthDate | undefined {
  if (!/^\d{17}[\dXx]$/.test(id)) return undefined
  return { year: Number(id.slice(6, 10)), month: Number(id.slice(10, 12)), day: Number(id.slice(12, 14)) }
}

function birthDigits(birth: BirthDate): { yyyymmdd: string; yymmdd: string; mmddyy: string; ddmmyy: string } {
  const yyyy = String(birth.year).padStart(4, '0')
  const mm = String(birth.month).padStart(2, '0')
  const dd = String(birth.day).padStart(2, '0')
  const yy = yyyy.slice(2)
  return { yyyymmdd: `${yyyy}${mm}${dd}`, yymmdd: `${yy}${mm}${dd}`, mmddyy: `${mm}${dd}${yy}`, ddmmyy: `${dd}${mm}${yy}` }
}

// ---------------------------------------------------------------------------------------------
// Bank cards

/** True when the digit string passes the Luhn (mod 10) check. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i))
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** The digit that makes `partial` + digit Luhn-valid. */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${partial}${d}`)) return String(d)
  throw new RangeError(`not a digit string: ${partial}`)
}

export type CardError = 'EMPTY' | 'FORMAT' | 'LENGTH' | 'NOT_UNIONPAY' | 'CHECKSUM'

/** A UnionPay-style personal card: starts 62, 16–19 digits, Luhn-valid. Spaces are ignored. */
export function validateBankCard(input: string): Validation<CardError, { pan: string }> {
  const pan = input.replace(/[\s-]/g, '')
  if (pan === '') return { ok: false, reason: 'EMPTY' }
  if (!/^\d+$/.test(pan)) return { ok: false, reason: 'FORMAT' }
  if (pan.length < 16 || pan.length > 19) return { ok: false, reason: 'LENGTH' }
  if (!pan.startsWith('62')) return { ok: false, reason: 'NOT_UNIONPAY' }
  if (!luhnValid(pan)) return { ok: false, reason: 'CHECKSUM' }
  return { ok: true, pan }
}

export interface CardBank {
  code: string
  name: string
  nameEn: string
}

const BANKS = {
  ICBC: { code: 'ICBC', name: '工商银行', nameEn: 'ICBC' },
  CCB: { code: 'CCB', name: '建设银行', nameEn: 'China Construction Bank' },
  ABC: { code: 'ABC', name: '农业银行', nameEn: 'Agricultural Bank of China' },
  BOC: { code: 'BOC', name: '中国银行', nameEn: 'Bank of China' },
  BOCOM: { code: 'BOCOM', name: '交通银行', nameEn: 'Bank of Communications' },
  CMB: { code: 'CMB', name: '招商银行', nameEn: 'China Merchants Bank' },
  PSBC: { code: 'PSBC', name: '邮储银行', nameEn: 'Postal Savings Bank of China' },
  CIB: { code: 'CIB', name: '兴业银行', nameEn: 'Industrial Bank' },
} as const satisfies Record<string, CardBank>

/**
 * A few well-known six-digit BINs of debit cards, for showing the bank's name while the number is
 * typed. Display help only: a real issuer lookup is the card network's job.
 */
export const CARD_BINS: Readonly<Record<string, CardBank>> = {
  '622202': BANKS.ICBC,
  '622208': BANKS.ICBC,
  '621226': BANKS.ICBC,
  '621225': BANKS.ICBC,
  '621700': BANKS.CCB,
  '622700': BANKS.CCB,
  '622848': BANKS.ABC,
  '622845': BANKS.ABC,
  '621661': BANKS.BOC,
  '622262': BANKS.BOCOM,
  '622260': BANKS.BOCOM,
  '621483': BANKS.CMB,
  '622588': BANKS.CMB,
  '621799': BANKS.PSBC,
  '622188': BANKS.PSBC,
  '622908': BANKS.CIB,
  '622909': BANKS.CIB,
}

export function bankOfCard(input: string): CardBank | undefined {
  const pan = input.replace(/[\s-]/g, '')
  return pan.length >= 6 ? CARD_BINS[pan.slice(0, 6)] : undefined
}

// ---------------------------------------------------------------------------------------------
// Passwords

export type LoginPasswordError =
  'EMPTY' | 'LENGTH' | 'INVALID_CHAR' | 'NEEDS_LETTER' | 'NEEDS_DIGIT' | 'CONTAINS_PHONE' | 'CONTAINS_BIRTH_DATE'

export interface PasswordContext {
  phone?: string
  birthDate?: BirthDate
}

/** 8–20 printable ASCII characters with at least one letter and one digit, not containing the phone number or birth date. */
export function validateLoginPassword(password: string, context: PasswordContext = {}): Validation<LoginPasswordError> {
  if (password === '') return { ok: false, reason: 'EMPTY' }
  if (password.length < 8 || password.length > 20) return { ok: false, reason: 'LENGTH' }
  if (!/^[\x21-\x7e]+$/.test(password)) return { ok: false, reason: 'INVALID_CHAR' }
  if (!/[A-Za-z]/.test(password)) return { ok: false, reason: 'NEEDS_LETTER' }
  if (!/\d/.test(password)) return { ok: false, reason: 'NEEDS_DIGIT' }
  if (context.phone && context.phone.length >= 6 && password.includes(context.phone))
    return { ok: false, reason: 'CONTAINS_PHONE' }
  if (context.birthDate) {
    const { yyyymmdd, yymmdd } = birthDigits(context.birthDate)
    if (password.includes(yyyymmdd) || password.includes(yymmdd)) return { ok: false, reason: 'CONTAINS_BIRTH_DATE' }
  }
  return { ok: true }
}

/** 0 (weak) … 4 (strong), for the strength meter; validity is validateLoginPassword's job. */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 | 4 {
  if (password.length < 8) return 0
  let classes = 0
  if (/[a-z]/.test(password)) classes++
  if (/[A-Z]/.test(password)) classes++
  if (/\d/.test(password)) classes++
  if (/[^A-Za-z0-9]/.test(password)) classes++
  let score = classes - 1 + (password.length >= 12 ? 1 : 0)
  if (/(.)\1\1/.test(password)) score--
  return Math.max(0, Math.min(4, score)) as 0 | 1 | 2 | 3 | 4
}

export type PayPasswordError = 'FORMAT' | 'REPEATED' | 'SEQUENTIAL' | 'BIRTH_DATE' | 'ID_SUFFIX'

/**
 * Six digits that are not trivially guessed: not one repeated digit (111111), not a run up or down
 * (123456, 654321), not digits of the birth date (any six consecutive digits of YYYYMMDD, or MMDDYY,
 * DDMMYY), not the last six characters of the ID number.
 */
export function validatePayPassword(
  password: string,
  context: { birthDate?: BirthDate; residentId?: string } = {},
): Validation<PayPasswordError> {
  if (!/^\d{6}$/.test(password)) return { ok: false, reason: 'FORMAT' }
  if (/^(\d)\1{5}$/.test(password)) return { ok: false, reason: 'REPEATED' }
  const steps = new Set<number>()
  for (let i = 1; i < 6; i++) steps.add((Number(password.charAt(i)) - Number(password.charAt(i - 1)) + 10) % 10)
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return { ok: false, reason: 'SEQUENTIAL' }
  if (context.birthDate) {
    const { yyyymmdd, mmddyy, ddmmyy } = birthDigits(context.birthDate)
    const windows = [yyyymmdd.slice(0, 6), yyyymmdd.slice(1, 7), yyyymmdd.slice(2, 8), mmddyy, ddmmyy]
    if (windows.includes(password)) return { ok: false, reason: 'BIRTH_DATE' }
  }
  if (context.residentId && context.residentId.toUpperCase().endsWith(password)) return { ok: false, reason: 'ID_SUFFIX' }
  return { ok: true }
}

// ---------------------------------------------------------------------------------------------
// Masking for display: what the bank shows of other people's details

/** '张三' → '张*', '欧阳娜娜' → '欧***'. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

/** '13800138000' → '138****8000'. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

/** '6222020200112233445' → '6222 **** **** 3445'. */
export function maskCard(pan: string): string {
  return pan.length >= 8 ? `${pan.slice(0, 4)} **** **** ${pan.slice(-4)}` : pan
}

/** '11010519491231002X' → '1101**********002X'. */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}` : id
}

// ---------------------------------------------------------------------------------------------
// Text: every string a caller hands main (src/shared/contract/text.ts applies this to each one)

export type TextError = 'MALFORMED' | 'CONTROL_CHARS'

/**
 * A UTF-16 code unit of a surrogate pair standing alone. Such a string is not Unicode text: it cannot
 * be encoded as UTF-8 (encodeURIComponent throws on it, TextEncoder silently turns it into U+FFFD).
 * Under the u flag a proper pair is one code point and never matches.
 */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Characters text may not hold: C0/C1 controls (newline and tab included), line and paragraph
 * separators, invisible zero-width characters, and the bidirectional controls, which can make text
 * display as something else than it is ('\u202E' turns '卡资工' around) next to a name, an amount or a
 * card number. The zero-width joiner stays allowed: emoji sequences need it.
 */
const TEXT_FORBIDDEN = /[\p{Cc}\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u

/**
 * What is wrong with a string as text, or undefined when nothing is. `text` (names, memos, aliases,
 * labels, ids, codes…) must be well-formed and free of control, invisible and direction characters.
 * A `secret` (password, payment password, passphrase) must be well-formed only: it is never shown, and a
 * passphrase someone once chose with a tab in it must still open their backup; the precise rules of the
 * login and payment passwords (validateLoginPassword, validatePayPassword) refuse controls anyway.
 */
export function textProblem(input: string, kind: 'text' | 'secret' = 'text'): TextError | undefined {
  if (LONE_SURROGATE.test(input)) return 'MALFORMED'
  if (kind === 'text' && TEXT_FORBIDDEN.test(input)) return 'CONTROL_CHARS'
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Bound-card labels (备注名, e.g. 工资卡)

export const CARD_LABEL_MAX = 20

export type CardLabelError = 'TOO_LONG' | TextError

/**
 * A label as kept: NFC, trimmed; '' means "no label". Length is counted in characters as the user sees
 * them (code points), so 20 汉字 fit.
 */
export function validateCardLabel(input: string): Validation<CardLabelError, { label: string }> {
  // Checked before trimming: trim() would quietly drop a newline or a BOM at either end.
  const problem = textProblem(input)
  if (problem) return { ok: false, reason: problem }
  const label = input.normalize('NFC').trim()
  if ([...label].length > CARD_LABEL_MAX) return { ok: false, reason: 'TOO_LONG' }
  return { ok: true, label }
}
