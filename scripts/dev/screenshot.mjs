import { chromium } from '@playwright/test'
const [url, out, w, h, path] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] })
const page = await browser.newPage({ viewport: { width: Number(w||1280), height: Number(h||800) } })
page.on('console', m => console.log('console:', m.type(), m.text()))
page.on('pageerror', e => console.log('pageerror:', e.message))
await page.goto(url)
await page.waitForTimeout(1500)
if (path) { await page.evaluate(p => { location.hash = p }, path); await page.waitForTimeout(800) }
await page.screenshot({ path: out })
await browser.close()
