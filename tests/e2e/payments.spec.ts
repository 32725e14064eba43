import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import jsQR from 'jsqr'
import { test, expect } from './fixtures'
import { openAt, typeOnKeypad } from './steps'
import { DEMO } from '../support/harness'
import { bankFetch } from '../support/bank-address'

const yuan = (text: string) => Number(text.replace(/[¥,\s]/g, ''))

test('top-up with the payment password sheet changes the balance', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/pay?action=topup')
  await expect(page.getByTestId('page-pay')).toBeVisible()
  const balance = page.getByTestId('wallet-balance')
  await expect(balance).toContainText('¥')
  const before = yuan(await balance.innerText())

  await page.getByTestId('amount-input').fill('12.345')
  await page.getByTestId('amount-next').click()
  await expect(page.getByTestId('panel-topup')).toContainText('最多保留两位小数')
  await page.getByTestId('amount-input').fill('100.50')
  await page.getByTestId('amount-next').click()
  await expect(page.getByTestId('pay-sheet-amount')).toHaveText('¥100.50')
  // A top-up is said as one, from the user's own card: not 向 … 付款.
  await expect(page.getByTestId('pay-sheet-payee')).toHaveText(/^从 .*\d{4} 充值到钱包$/)
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('充值成功')
  await expect(page.getByTestId('pay-outcome-from')).toContainText('工商银行')
  await expect(page.getByTestId('pay-outcome-to')).toHaveText('我的钱包')
  await expect(page.getByTestId('pay-outcome')).not.toContainText('收款方')
  // One confirmation, the result panel: no 支付成功 notification on top of it (main's event comes at once).
  await page.waitForTimeout(1_500)
  await expect(page.locator('.el-notification')).toHaveCount(0)
  const after = yuan(await page.getByTestId('pay-outcome-balance').innerText())
  expect(Math.round((after - before) * 100)).toBe(10050)

  await page.getByTestId('pay-outcome-receipt').click()
  await expect(page.getByTestId('receipt')).toBeVisible()
  await expect(page.getByTestId('receipt-amount')).toHaveText('¥100.50')
})

test('transfer to a wallet user: masked name and the first-time warning', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/transfer')
  await page.getByTestId('transfer-phone').fill('13900139000')
  await page.getByTestId('transfer-lookup').click()
  await expect(page.getByTestId('transfer-payee')).toContainText(/[\u4e00-\u9fa5]\*/)
  await expect(page.getByTestId('transfer-first-time')).toContainText('首次向该收款人转账，请确认对方身份，谨防诈骗')
  await expect(page.getByTestId('transfer-limits')).toContainText('今日剩余额度')
  await page.getByTestId('transfer-amount').fill('6000')
  await expect(page.getByTestId('transfer-large')).toContainText('大额转账提醒')
  await page.getByTestId('transfer-amount').fill('20')
  await expect(page.getByTestId('transfer-large')).toHaveCount(0)
  await expect(page.getByTestId('transfer-next')).toBeDisabled()
  await page.getByTestId('transfer-ack').click()
  await page.getByTestId('transfer-next').click()
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('转账成功')
  await expect(page.getByTestId('pay-outcome-amount')).toHaveText('¥20.00')
  // The payee is now in the book.
  await expect(page.getByTestId('payee-book')).toContainText('*')
})

test('five wrong payment passwords lock payments', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/pay?action=withdraw')
  await page.getByTestId('amount-input').fill('1')
  await page.getByTestId('amount-next').click()
  const error = page.getByTestId('pay-sheet-error')
  await typeOnKeypad(page, '000000')
  await expect(error).toContainText('支付密码错误，还可尝试')
  for (let i = 0; i < 5; i++) {
    if ((await error.getAttribute('data-code')) === 'PAY_PASSWORD_LOCKED') break
    await typeOnKeypad(page, '000000')
    await expect(page.getByTestId('pay-sheet-busy')).toHaveCount(0)
  }
  await expect(error).toHaveAttribute('data-code', 'PAY_PASSWORD_LOCKED')
  await expect(error).toContainText(/支付密码已锁定，请于 (\d+\/\d+ )?\d{2}:\d{2} 后再试/)
  await expect(page.getByTestId('pay-sheet').getByTestId('pay-keypad')).toHaveCount(0)
})

test('pay code: decode the QR from a screenshot, charge it at a till, see the payment in 账单', async ({
  page,
  signedIn: harness,
}) => {
  // 小额免密 is off until the customer turns it on with the payment password (设置 → 账户与安全).
  await harness.call('password.setSmallAmount', { on: true, limitFen: 100_000, payPassword: '135790' })
  await openAt(page, harness, '/pay?action=paycode')
  const qr = page.getByTestId('paycode-qr')
  await expect(qr).toHaveAttribute('data-expires', /\d+/)
  await expect(page.getByTestId('paycode-countdown')).toContainText('秒后自动更新')
  // A screenshot of the code as a till's scanner would see it, decoded to pixels by the browser's
  // own PNG decoder (no image library in the test).
  const shot = (await qr.screenshot()).toString('base64')
  const pixels = await page.evaluate(async (png) => {
    const image = new Image()
    image.src = `data:image/png;base64,${png}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.naturalWidth
    canvas.height = image.naturalHeight
    const context = canvas.getContext('2d')!
    context.drawImage(image, 0, 0)
    const data = context.getImageData(0, 0, canvas.width, canvas.height)
    return { width: data.width, height: data.height, data: Array.from(data.data) }
  }, shot)
  const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)
  expect(decoded?.data).toMatch(/^\d{18}$/)

  const res = await bankFetch(harness.bank!, '/pos/charge', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-merchant-key': 'demo-merchant-key', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ merchantId: 'M0001', payCode: decoded!.data, amountFen: 2800, description: '拿铁' }),
  })
  expect(res.ok).toBe(true)
  const answer = (await res.json()) as { charge?: { status: string }; status?: string }
  expect(answer.charge?.status ?? answer.status).toBe('succeeded')
  const charged = page.getByTestId('paycode-charged')
  await expect(charged).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 })
  await expect(charged).toContainText('瑞幸咖啡')
  await expect(charged).toContainText('¥28.00')

  // After sync the payment is in 账单 too.
  await page.evaluate(() => (window.location.hash = '#/history?q=瑞幸'))
  await expect(page.getByTestId('history-row').filter({ hasText: '¥28.00' }).first()).toContainText('瑞幸咖啡', {
    timeout: 20_000,
  })
})

test('utility bill for household 1000000001', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/bills')
  const billers = await harness.call<{
    billers: { billerId: string; type: string; cityCode: string; householdPattern: string }[]
  }>('bills.billers', {})
  const biller = billers.billers.find((b) => new RegExp(b.householdPattern).test('1000000001'))!
  await page.getByTestId(`bill-type-${biller.type}`).click()
  // Pick the biller's city and the biller through the selects.
  const cities = await harness.call<{ cities: { cityCode: string; name: string }[] }>('bills.billers', {})
  const city = cities.cities.find((c) => c.cityCode === biller.cityCode)!
  await page.getByTestId('bill-city').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: city.name }).click()
  await page.getByTestId('bill-household').fill('1000000001')
  await page.getByTestId('bill-query').click()
  const due = page.getByTestId('bill-due')
  await expect(due).toContainText('¥')
  expect(yuan(await due.innerText())).toBeGreaterThan(0)
  // 立即缴费 is on screen at 1280×800 without scrolling.
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 })
  await expect(page.getByTestId('bill-pay')).toBeInViewport({ ratio: 1 })
  await page.getByTestId('bill-pay').click()
  await expect(page.getByTestId('pay-sheet-payee')).toHaveText(/^向 \S+ 缴纳(水费|电费|燃气费)$/)
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('缴费成功')
  await expect(page.getByTestId('pay-outcome-biller')).toBeVisible()
  await expect(page.getByTestId('households')).toContainText('1000000001')
  // The saved household names its biller once: not 北京市 北京市自来水集团.
  await expect(page.getByTestId('households')).not.toContainText(`${city.name} ${city.name}`)
})

test('online checkout: a demo-shop order paid through 粘贴订单链接', async ({ page, signedIn: harness }) => {
  const res = await bankFetch(harness.bank!, '/shop/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ items: [{ sku: 'MUG', qty: 2 }] }),
  })
  const body = (await res.json()) as { order: { orderId: string }; payUrl: string }
  expect(body.payUrl).toMatch(/^icbc-wallet:\/\/pay\?/)
  await openAt(page, harness, '/pay?action=online')
  await page.getByTestId('checkout-link').fill('https://example.com/not-a-link')
  await page.getByTestId('checkout-open').click()
  await expect(page.getByTestId('checkout-error')).toBeVisible()
  await page.getByTestId('checkout-link').fill(body.payUrl)
  await page.getByTestId('checkout-open').click()
  await expect(page.getByTestId('checkout-sheet')).toContainText('工行纪念马克杯')
  await expect(page.getByTestId('checkout-amount')).toHaveText('¥79.80')
  await page.getByTestId('checkout-pay').click()
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('支付成功，商户已收到付款')
  const order = (await (await bankFetch(harness.bank!, `/shop/orders/${body.order.orderId}`)).json()) as {
    order?: { status: string }
    status?: string
  }
  expect(order.order?.status ?? order.status).toBe('paid')
})

test('scan to pay: a pasted merchant QR text, the merchant shown, paid with the sheet', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/pay?action=scan')
  await page.getByTestId('scan-text').fill(`icbc-wallet://merchant?id=M0005&name=${encodeURIComponent('华联超市')}`)
  await page.getByTestId('scan-decode').click()
  await expect(page.getByTestId('scan-merchant')).toContainText('华联超市')
  await page.getByTestId('scan-amount').fill('abc')
  await page.getByTestId('scan-pay').click()
  await expect(page.getByTestId('panel-scan')).toContainText('金额格式不正确')
  await page.getByTestId('scan-amount').fill('35.20')
  await page.getByTestId('scan-pay').click()
  await expect(page.getByTestId('pay-sheet-amount')).toHaveText('¥35.20')
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('付款成功')
  await expect(page.getByTestId('pay-outcome-amount')).toHaveText('¥35.20')
})

test('scan to pay from a picture of the merchant code: chosen as a file, or pasted', async ({ page, signedIn: harness }) => {
  const qrText = `icbc-wallet://merchant?id=M0005&name=${encodeURIComponent('华联超市')}`
  const file = join(mkdtempSync(join(tmpdir(), 'qr-')), 'merchant.png')
  await QRCode.toFile(file, qrText, { width: 360, margin: 4 })

  await openAt(page, harness, '/pay?action=scan')
  await page.getByTestId('scan-file').setInputFiles(file)
  await expect(page.getByTestId('scan-merchant')).toContainText('华联超市')

  // A screenshot on the clipboard works the same way (Ctrl+V on the panel).
  await page.evaluate(() => (window.location.hash = '#/home'))
  await expect(page.getByTestId('page-home')).toBeVisible()
  await page.evaluate(() => (window.location.hash = '#/pay?action=scan'))
  await expect(page.getByTestId('scan-merchant')).toHaveCount(0)
  const png = readFileSync(file).toString('base64')
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    const data = new DataTransfer()
    data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }))
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }))
  }, png)
  await expect(page.getByTestId('scan-merchant')).toContainText('华联超市')
})
