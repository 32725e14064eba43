import { classifyExternalUrl, PRODUCTION, type ShellMode } from '../base/url-guard'
import { assessLink } from '../../shared/link-guard'
import { mainStrings } from '../base/strings'

/**
 * The one way out of the app to the user's browser, mail or phone app: only allowed schemes, only
 * after the user has seen the full (canonical) URL and said yes. The Electron glue supplies the
 * dialog and shell.openExternal; the decisions live here.
 */

/** 打开 / 取消 in the settings' language: 打开 is answer 0. */
export function externalLinkButtons(language?: string): [open: string, cancel: string] {
  const words = mainStrings(language).externalLink
  return [words.open, words.cancel]
}

export function externalLinkMessage(url: string, language?: string): string {
  return mainStrings(language).externalLink.message(url)
}

/** Options for dialog.showMessageBox, in the settings' language: Cancel is the default and the Escape answer. */
export function externalLinkPrompt(url: string, language?: string) {
  return {
    type: 'warning' as const,
    title: mainStrings(language).externalLink.title,
    message: externalLinkMessage(url, language),
    buttons: externalLinkButtons(language),
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
}

export type ExternalLinkOutcome = 'opened' | 'cancelled' | 'refused' | 'busy'

export interface ExternalLinkDeps {
  /** Shows the prompt for this exact URL; true only if the user chose 打开. */
  confirm(url: string): Promise<boolean>
  open(url: string): Promise<void>
  log?(message: string): void
  mode?: ShellMode
}

export type OpenExternalGuarded = (url: unknown) => Promise<ExternalLinkOutcome>

export function createExternalLinkGuard(deps: ExternalLinkDeps): OpenExternalGuarded {
  const log = deps.log ?? ((message: string) => console.warn(`[external-link] ${message}`))
  // One prompt at a time: a page cannot pile up dialogs by calling window.open in a loop.
  let prompting = false

  return async function openExternalGuarded(raw: unknown): Promise<ExternalLinkOutcome> {
    const decision = classifyExternalUrl(raw, deps.mode ?? PRODUCTION)
    if (!decision.allowed) {
      log(`refused (${decision.reason})`)
      return 'refused'
    }
    // The renderer sends every link through the in-app guard first (its second confirmation for a
    // flagged one, then `link.open`); a flagged link reaching the shell another way is refused.
    const assessed = decision.protocol === 'https:' ? assessLink(decision.url) : undefined
    if (assessed && (!assessed.ok || assessed.flags.length > 0)) {
      log(`refused (${assessed.ok ? assessed.flags.join(',') : assessed.reason})`)
      return 'refused'
    }
    if (prompting) return 'busy'
    prompting = true
    try {
      if (!(await deps.confirm(decision.url))) return 'cancelled'
      await deps.open(decision.url)
      return 'opened'
    } finally {
      prompting = false
    }
  }
}
