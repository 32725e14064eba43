import { z } from 'zod'
import { AUTO_LOCK_CHOICES, DEFAULT_SETTINGS, LANGUAGES, SHELL_TARGETS, THEMES } from './constants'
import { channel } from './define'
import { Text } from './text'

export { AUTO_LOCK_CHOICES, DEFAULT_SETTINGS, LANGUAGES, SHELL_TARGETS, THEMES }

export const Language = z.enum(LANGUAGES)
export type Language = z.infer<typeof Language>
export const Theme = z.enum(THEMES)
export type Theme = z.infer<typeof Theme>

export const Settings = z.object({
  language: Language,
  theme: Theme,
  /** Idle minutes before the wallet locks itself. */
  autoLockMinutes: z.number().int().min(1).max(60),
  /** Daily encrypted backup into the app's data folder (off by default). */
  autoBackup: z.boolean(),
  /** Closing the window hides it and the app stays in the tray (Windows, Linux; macOS keeps its dock). */
  closeToTray: z.boolean(),
})
export type Settings = z.infer<typeof Settings>
DEFAULT_SETTINGS satisfies Settings

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.enum(['win32', 'darwin', 'linux', 'other']),
  shell: z.enum(['electron', 'harness']),
  /** Changes at every start of the main process ("until the next restart" is measured by it). */
  bootId: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

/**
 * Main asks the renderer to show a screen (the tray's 付款码). Only the targets of SHELL_TARGETS; a
 * locked wallet goes through the lock screen first (src/renderer/src/features/shell/navigate.ts).
 */
export const ShellNavigate = z.object({ target: z.enum(SHELL_TARGETS) }).strict()
export type ShellNavigate = z.infer<typeof ShellNavigate>

/** 设置 → 关于: what is running and where its data lives (src/main/core/about.ts). */
export const AboutInfo = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'harness']),
  /** The app's data folder (Electron's userData; the harness's --data-dir). */
  dataDir: z.string(),
  /** The runtimes of the main process; electron and chrome are null where main is plain Node (the harness). */
  versions: z.object({ electron: z.string().nullable(), chrome: z.string().nullable(), node: z.string() }),
})
export type AboutInfo = z.infer<typeof AboutInfo>

/** Where a bundled library's code runs: a bundle electron-vite built, or the packages shipped beside it. */
export const LICENCE_PARTS = ['main', 'preload', 'renderer', 'node_modules'] as const
export const LicenceEntry = z.object({
  name: z.string(),
  version: z.string(),
  /** The SPDX expression the package declares ('UNKNOWN' when it declares none). */
  licence: z.string(),
  /** The package's licence file, when it has one. */
  text: z.string().nullable(),
  parts: z.array(z.enum(LICENCE_PARTS)),
})
export type LicenceEntry = z.infer<typeof LicenceEntry>
/** available is false where no build wrote the lists (electron.vite.config.ts, scripts/licences.ts). */
export const Licences = z.object({ available: z.boolean(), entries: z.array(LicenceEntry) })
export type Licences = z.infer<typeof Licences>

export const OpenFolderResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened') }),
  /** No file manager to hand the folder to (the browser harness): the screen shows the path instead. */
  z.object({ kind: z.literal('unavailable') }),
  /** The system refused (the folder is gone, no file manager): its reason, to show as is. */
  z.object({ kind: z.literal('failed'), reason: z.string() }),
])
export type OpenFolderResult = z.infer<typeof OpenFolderResult>

export const DeepLinkOffer = z.object({ link: z.string().max(2048) })

export const PdfResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
  /** No PDF printer in this shell (the browser harness): use the print dialog's "save as PDF". */
  z.object({ kind: z.literal('unavailable') }),
])
export type PdfResult = z.infer<typeof PdfResult>

export const appChannels = {
  /** Prints the current view (its print stylesheet: e.g. only the 电子回单) to a PDF the user saves. */
  'print.toPdf': channel(z.object({ fileName: Text(120).min(1) }), PdfResult),
  /** A payment link (icbc-wallet://pay?…) that arrived while no window could take it, once. */
  'deeplink.take': channel(z.void(), DeepLinkOffer.nullable()),
  'app.info': channel(z.void(), AppInfo),
  /** 设置 → 关于: version, runtimes and the data folder. */
  'app.about': channel(z.void(), AboutInfo),
  /** 设置 → 关于: the licences of the libraries bundled into the app, as the build listed them. */
  'app.licences': channel(z.void(), Licences),
  /** Opens the data folder in the system's file manager (Electron: shell.openPath). */
  'app.openDataFolder': channel(z.void(), OpenFolderResult),
  /**
   * A pay code or the payment-password sheet appeared on screen (on) or went away: while one is shown
   * the window is kept out of screenshots and screen recordings (src/main/shell/session-hygiene.ts).
   */
  'window.protect': channel(z.object({ surface: z.enum(['paycode', 'password']), on: z.boolean() }).strict(), z.null()),
  /** What the screen needs before anyone unlocks: the language and the theme, nothing else. */
  'settings.appearance': channel(z.void(), Settings.pick({ language: true, theme: true })),
  'settings.get': channel(z.void(), Settings),
  'settings.set': channel(Settings.partial().strict(), Settings),
}
