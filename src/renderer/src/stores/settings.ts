import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Language, Settings, Theme } from '@shared/contract'
import { DEFAULT_SETTINGS } from '@shared/contract/constants'
import { call, onEvent } from '@renderer/api/client'
import { setLocale } from '@renderer/i18n'

function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches)
  document.documentElement.classList.toggle('dark', Boolean(dark))
}

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS })
  const info = ref<AppInfo>()
  const loaded = ref(false)
  /** Listening to settings.changed (once, however often load runs: a retried start loads again). */
  let following = false
  /** Whether `settings` holds every setting (a locked wallet gives only the language and the theme). */
  let complete = false

  /** Settings main has already stored (settings.changed, a restore). */
  function apply(next: Settings): void {
    settings.value = next
    setLocale(next.language)
    applyTheme(next.theme)
  }

  /**
   * At start. A locked wallet answers only the language and the theme (main's lock guard); the rest
   * of the settings is asked for with them and, when the wallet is locked, again by loadAll once it
   * is unlocked.
   */
  async function load(): Promise<void> {
    const [appearance, current, appInfo] = await Promise.all([
      call('settings.appearance'),
      call('settings.get').catch(() => null),
      call('app.info'),
    ])
    info.value = appInfo
    apply(current ?? { ...settings.value, ...appearance })
    complete = current !== null
    loaded.value = true
    if (!following) onEvent('settings.changed', apply)
    following = true
  }

  /** Every setting, once the wallet is unlocked: asked again only when the wallet was locked at start. */
  async function loadAll(): Promise<void> {
    if (complete) return
    apply(await call('settings.get'))
    complete = true
  }

  async function update(patch: Partial<Settings>): Promise<void> {
    apply(await call('settings.set', patch))
  }

  const setLanguage = (language: Language) => update({ language })
  const setTheme = (theme: Theme) => update({ theme })

  return { settings, info, loaded, load, loadAll, update, setLanguage, setTheme, apply }
})
