import { createI18n } from 'vue-i18n'
import type { Language } from '@shared/contract'
import zhCN, { type MessageSchema } from './zh-CN'
import enUS from './en-US'
import a11yZh from './a11y.zh-CN'
import a11yEn from './a11y.en-US'
import { messageCompiler } from './compiler'

/** The app's messages and, under `a11y`, what only assistive technology hears (accessible names, announcements). */
type AppMessages = MessageSchema & { a11y: typeof a11yZh }

export const i18n = createI18n<{ message: AppMessages }, Language, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, a11y: a11yZh }, 'en-US': { ...enUS, a11y: a11yEn } },
  messageCompiler,
})

export function setLocale(language: Language): void {
  i18n.global.locale.value = language
  // Written only when they change: every start sets the language index.html already has.
  if (document.documentElement.lang !== language) document.documentElement.lang = language
  // The page's title (the harness's tab; Electron's window title follows it unless main sets its own).
  const title = i18n.global.t('app.name')
  if (document.title !== title) document.title = title
}

/** The message for a stable error code, falling back to a generic one. */
export function errorMessage(code: string): string {
  const key = `errors.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('errors.unknown')
}
