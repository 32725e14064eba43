import { compile, type MessageCompiler, type MessageContext, type MessageFunction } from '@intlify/core-base'

/**
 * vue-i18n's syntax: `{…}` interpolation and literals, `@:`/`@.` linked messages, `|` plural cases. A
 * message with none of these is its own text.
 */
const SYNTAX = /[{}@|]/

const plain = new Map<string, MessageFunction<string>>()

/** vue-i18n's context as its compiled messages use it (`normalize` is left out of the published types). */
type Context = MessageContext<string> & { normalize(parts: unknown[]): string }

/**
 * vue-i18n compiles each message the first time it is shown (a parse, an AST and a cache key made
 * of the whole text): ~10 ms of the first screen for the few hundred messages a start shows.
 * Most messages are plain text; those become their text at once, exactly as the compiled form
 * renders a message whose only part is static text (@intlify/core-base, formatMessageParts). The
 * rest go to vue-i18n's own compiler.
 */
export const messageCompiler: MessageCompiler = (message, context) => {
  if (typeof message !== 'string' || SYNTAX.test(message)) return compile(message, context)
  let fn = plain.get(message)
  if (!fn) {
    const text = (ctx: MessageContext<string>) => (ctx.type === 'text' ? message : (ctx as Context).normalize([message]))
    plain.set(message, (fn = text))
  }
  return fn
}
