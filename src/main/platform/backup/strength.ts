/**
 * How guessable a backup passphrase is. A backup file can be copied and attacked offline for as long
 * as the attacker likes, so the passphrase is all that protects it: backup.create refuses what
 * zxcvbn-ts estimates below MIN_BACKUP_SCORE, and the backup screen asks the same function as the
 * user types (channel backup.checkPassphrase). Both run in the backup worker (a StrengthJob of jobs.ts):
 * loading the dictionaries and the first estimate take 100-170 ms, which main's event loop never waits
 * for; later estimates take a few ms.
 *
 * Only writing is gated: opening a backup never asks how strong its passphrase is, so files made
 * before this gate (or under any passphrase at all) keep opening.
 */
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core'
import { AppError } from '../../../shared/errors'
import {
  PASSPHRASE_SUGGESTIONS,
  type PassphraseProblem,
  type PassphraseSuggestion,
  type PassphraseVerdict,
} from '../../../shared/contract/backup'
import { MIN_PASSPHRASE_LENGTH } from './keys'

/**
 * zxcvbn's score 3 means at least 10^8 guesses by its estimate (score 4: 10^10). At N=2^18, r=8 each
 * guess costs 256 MiB and about a second of one core here, and the memory keeps GPUs from running
 * many at once, so 10^8 guesses is years of one machine. Score 4 would turn away most passphrases
 * people can remember (ten random characters, a ten-character Chinese sentence: zxcvbn counts each
 * unknown character as 10 guesses), which ends with the passphrase written down next to the file.
 */
export const MIN_BACKUP_SCORE = 3

/**
 * zxcvbn's time grows faster than the length (up to a second at 256 characters here), and a backup
 * being made waits for its verdict. Only the first 64 characters are judged: adding
 * characters never makes zxcvbn's estimate smaller, so a passphrase whose start passes passes whole.
 */
const MAX_JUDGED_CHARS = 64

/** User inputs this long or longer (a phone or wallet number) refuse any passphrase that contains them. */
const CONTAINED_INPUT_MIN = 6

/**
 * What Chinese users pick and the English lists of @zxcvbn-ts/language-common do not know: pinyin
 * surnames and given names, love numbers, words of banking. zxcvbn ranks a word by its place in the
 * list, so the most common come first.
 */
const ZH_COMMON = [
  'woaini',
  'aini',
  '5201314',
  '1314',
  '520',
  '1314520',
  'woaiwojia',
  'zhongguo',
  'beijing',
  'shanghai',
  'mima',
  'yinhang',
  'gonghang',
  'icbc',
  'qianbao',
  'beifen',
  'baobao',
  'laopo',
  'laogong',
  'xiaobao',
  'wang',
  'zhang',
  'li',
  'liu',
  'chen',
  'yang',
  'huang',
  'zhao',
  'wu',
  'zhou',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'gao',
  'luo',
  'zheng',
  'liang',
  'xie',
  'song',
  'tang',
  'han',
  'feng',
  'deng',
  'wei',
  'fang',
  'na',
  'min',
  'jing',
  'qiang',
  'lei',
  'jun',
  'yong',
  'yan',
  'jie',
  'tao',
  'ming',
  'chao',
  'xiu',
  'xia',
  'ping',
  'gang',
  'hui',
  'hong',
  'hua',
  'ling',
  'xin',
  'yu',
  'ying',
  'juan',
  'zhiqiang',
  'zhangwei',
  'wangwei',
  'wangfang',
  'liwei',
  'liuyang',
  'zhangmin',
  'lijing',
  'wangjing',
  'liqiang',
  '密码',
  '备份',
  '工行',
  '银行',
  '钱包',
  '我爱你',
  '中国',
]

const WARNING_REASONS: Record<string, PassphraseProblem> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  wordByItself: 'common',
  namesByThemselves: 'common',
  commonNames: 'common',
  pwned: 'common',
  userInputs: 'personal',
  simpleRepeat: 'repeated',
  extendedRepeat: 'repeated',
  sequences: 'sequential',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  recentYears: 'dates',
  dates: 'dates',
}

const PATTERN_REASONS: Record<string, PassphraseProblem> = {
  repeat: 'repeated',
  sequence: 'sequential',
  spatial: 'keyboard',
  date: 'dates',
  dictionary: 'common',
}

let estimator: Promise<ZxcvbnFactory> | undefined
let loaded = false

/** The dictionaries are a few MB of JS: loaded at the first check, once, never at start. */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [core, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, 'zh-common': ZH_COMMON },
      graphs: common.adjacencyGraphs,
    })
    loaded = true
    return factory
  })().catch((error: unknown) => {
    estimator = undefined
    throw error
  })
  return estimator
}

/** For the test that the dictionaries are not loaded before they are needed. */
export function estimatorLoaded(): boolean {
  return loaded
}

const normalize = (text: string) => text.normalize('NFC').toLowerCase()

/** Why zxcvbn scored it low: its own warning when it has one, else the pattern of the longest match. */
function reasonOf(result: ZxcvbnResult): PassphraseProblem {
  const warning = result.feedback.warning
  if (warning && WARNING_REASONS[warning]) return WARNING_REASONS[warning]
  const longest = [...result.sequence].sort((a, b) => b.token.length - a.token.length)[0]
  if (longest?.pattern === 'dictionary' && longest.dictionaryName === 'userInputs') return 'personal'
  return (longest && PATTERN_REASONS[longest.pattern]) ?? 'guessable'
}

/** The most specific suggestion zxcvbn makes (its first is often the generic "add another word"). */
function suggestionOf(result: ZxcvbnResult): PassphraseSuggestion | undefined {
  const known = result.feedback.suggestions.filter((s): s is PassphraseSuggestion =>
    (PASSPHRASE_SUGGESTIONS as readonly string[]).includes(s),
  )
  return known.find((s) => s !== 'anotherWord') ?? known[0]
}

/**
 * The verdict on a passphrase for a new backup. `userInputs` are what the core knows of the user
 * (phone and wallet number, the visible part of the name): zxcvbn counts them as the cheapest words
 * of all, and a passphrase that contains a long one is refused outright.
 */
export async function checkBackupPassphrase(passphrase: string, userInputs: readonly string[] = []): Promise<PassphraseVerdict> {
  const text = passphrase.normalize('NFC')
  const inputs = userInputs.map(normalize).filter((input) => input.length > 0)
  if (Array.from(text).length < MIN_PASSPHRASE_LENGTH) return { ok: false, score: 0, reason: 'too-short' }
  const zxcvbn = await loadEstimator()
  const lower = normalize(text)
  const result = zxcvbn.check(Array.from(text).slice(0, MAX_JUDGED_CHARS).join(''), inputs)
  const score = result.score
  if (inputs.some((input) => input.length >= CONTAINED_INPUT_MIN && lower.includes(input))) {
    return { ok: false, score: Math.min(score, MIN_BACKUP_SCORE - 1), reason: 'personal' }
  }
  if (score >= MIN_BACKUP_SCORE) return { ok: true, score }
  const suggestion = suggestionOf(result)
  return { ok: false, score, reason: reasonOf(result), ...(suggestion ? { suggestion } : {}) }
}

/** Throws WEAK_PASSPHRASE with { reason, suggestion } (never the passphrase) for a verdict the gate refuses. */
export function assertStrongVerdict(verdict: PassphraseVerdict): void {
  if (verdict.ok) return
  throw new AppError('WEAK_PASSPHRASE', `backup passphrase refused: ${verdict.reason ?? 'guessable'}`, {
    reason: verdict.reason ?? 'guessable',
    ...(verdict.suggestion ? { suggestion: verdict.suggestion } : {}),
  })
}
