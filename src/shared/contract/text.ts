import { z } from 'zod'
import { textProblem, type TextError } from '../validators'

/**
 * Text input is well-formed (docs/architecture.md): every string of every channel's input is one of
 * these, so a lone surrogate or a direction override never reaches a handler, a bank URL, a sealed
 * document or the screen. A failure is a custom issue whose `params.reason` the router hands the
 * renderer as INVALID_INPUT { field, reason } (src/main/ipc/router.ts).
 * tests/unit/text-input.test.ts walks the contract and fails for a string schema built without them.
 */

function rule(kind: 'text' | 'secret') {
  return z.superRefine<string>((value, ctx) => {
    const reason: TextError | undefined = textProblem(value, kind)
    if (reason) ctx.addIssue({ code: 'custom', message: `not well-formed text (${reason})`, params: { reason }, input: value })
  })
}

/** The check every text string carries (exported so the test can find it in each schema). */
export const TEXT_RULE = rule('text')
/** The check every secret carries: well-formed, controls allowed (textProblem says why). */
export const SECRET_RULE = rule('secret')

/** A string somebody typed or main handed out (names, memos, aliases, labels, ids, codes), at most `max` long. */
export function Text(max: number) {
  return z.string().check(TEXT_RULE).max(max)
}

/** A password, payment password or passphrase, at most `max` long. */
export function Secret(max: number) {
  return z.string().check(SECRET_RULE).max(max)
}
