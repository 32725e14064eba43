import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

/** Playwright's own Chromium where it is installed, else Debian's. */
export function chromiumExecutable(): string | undefined {
  const own = chromium.executablePath()
  if (own && existsSync(own)) return undefined
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  return '/usr/bin/chromium'
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
