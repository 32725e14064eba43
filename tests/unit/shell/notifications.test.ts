import { describe, expect, it } from 'vitest'
import { noticeOf, notificationFor, windowAway, type ShellNotice, type WindowState } from '../../../src/main/shell/notifications'
import type { ShellSession } from '../../../src/main/shell/tray'

const hidden: WindowState = { exists: true, visible: false, minimized: false, focused: false }
const inFront: WindowState = { exists: true, visible: true, minimized: false, focused: true }

const completed: ShellNotice = {
  kind: 'payment.completed',
  payload: { txId: 't1', kind: 'transfer_out', amountFen: 12_345, title: '转账给张三', source: 'outbox' },
}
const failed: ShellNotice = {
  kind: 'payment.failed',
  payload: { outboxId: 'o1', kind: 'bill.pay', amountFen: 8_800, code: 'INSUFFICIENT_FUNDS', message: '余额不足' },
}
const awaiting: ShellNotice = {
  kind: 'paycode.charged',
  payload: {
    status: 'awaiting_confirmation',
    chargeId: 'c1',
    merchantName: '华联超市',
    amountFen: 250_00,
    txId: null,
    expiresAt: 1,
  },
}
const chargedAtTill: ShellNotice = {
  kind: 'paycode.charged',
  payload: { status: 'succeeded', chargeId: null, merchantName: '华联超市', amountFen: 250_00, txId: 't9', expiresAt: null },
}
const sms: ShellNotice = {
  kind: 'sms.received',
  payload: { phoneMasked: '138****0000', code: '246810', purpose: 'login', at: 1 },
}
const received: ShellNotice = {
  kind: 'transfers.received',
  transfers: [{ txId: 'in1', amountFen: 50_000, counterparty: '李四', occurredAt: 1 }],
}
const receivedMany: ShellNotice = {
  kind: 'transfers.received',
  transfers: [
    { txId: 'in1', amountFen: 50_000, counterparty: '李四', occurredAt: 1 },
    { txId: 'in2', amountFen: 1_01, counterparty: '王五', occurredAt: 2 },
  ],
}
const ALL = [completed, failed, awaiting, sms, received, receivedMany]

const spec = (notice: ShellNotice, session: ShellSession = 'unlocked', language = 'zh-CN', window = hidden) =>
  notificationFor(notice, { window, session, language })

describe('when a notification is shown', () => {
  it('only while the window is out of sight: hidden, minimised, unfocused or gone', () => {
    expect(windowAway(inFront)).toBe(false)
    expect(windowAway(hidden)).toBe(true)
    expect(windowAway({ ...inFront, minimized: true })).toBe(true)
    expect(windowAway({ ...inFront, focused: false })).toBe(true)
    expect(windowAway({ exists: false, visible: false, minimized: false, focused: false })).toBe(true)
    for (const notice of ALL) {
      expect(spec(notice, 'unlocked', 'zh-CN', inFront)).toBeUndefined()
      expect(spec(notice, 'locked', 'zh-CN', inFront)).toBeUndefined()
      expect(spec(notice)).toBeDefined()
    }
  })

  it('not for a pay-code charge that went through: payment.completed says it once', () => {
    expect(spec(chargedAtTill)).toBeUndefined()
  })

  it('not for an empty list of transfers', () => {
    expect(spec({ kind: 'transfers.received', transfers: [] })).toBeUndefined()
  })

  it('turns only money, the pay code and the 模拟短信 into notices', () => {
    expect(noticeOf('payment.completed', completed.payload)).toEqual(completed)
    expect(noticeOf('sms.received', sms.payload)).toEqual(sms)
    for (const quiet of ['sync.page', 'sync.status', 'session.changed', 'settings.changed', 'outbox.changed', 'shell.navigate'])
      expect(noticeOf(quiet, {})).toBeUndefined()
  })
})

describe('what an unlocked wallet says', () => {
  it('in Chinese', () => {
    expect(spec(completed)).toEqual({ title: '交易成功', body: '转账 ¥123.45 已完成' })
    expect(spec(failed)).toEqual({ title: '交易未完成', body: '待发送的生活缴费 ¥88.00 未能完成，请打开钱包查看原因' })
    expect(spec(awaiting)).toEqual({ title: '付款待确认', body: '华联超市 请求付款 ¥250.00，请在钱包中确认' })
    expect(spec(sms)).toEqual({ title: '模拟短信', body: '验证码 246810，请勿告诉他人' })
    expect(spec(received)).toEqual({ title: '收到转账', body: '李四 向您转入 ¥500.00' })
    expect(spec(receivedMany)).toEqual({ title: '收到转账', body: '收到 2 笔转账，共 ¥501.01' })
  })

  it('in English, when that is the language', () => {
    expect(spec(completed, 'unlocked', 'en-US')).toEqual({
      title: 'Transaction completed',
      body: 'Transfer of CN¥123.45 completed',
    })
    expect(spec(failed, 'unlocked', 'en-US')?.body).toBe(
      'A queued bill payment of CN¥88.00 did not go through. Open the wallet to see why.',
    )
    expect(spec(sms, 'unlocked', 'en-US')?.body).toBe('Verification code 246810. Do not share it.')
    expect(spec(receivedMany, 'unlocked', 'en-US')?.body).toBe('2 transfers received, CN¥501.01 in all')
  })

  it('the bank’s Chinese title never decides the words: the kind does', () => {
    expect(spec(completed, 'unlocked', 'en-US')?.body).not.toContain('张三')
  })

  it('shows the 模拟短信 code before anyone has signed in (a new device needs it)', () => {
    expect(spec(sms, 'none')?.body).toContain('246810')
  })
})

describe('what a locked wallet says', () => {
  it.each(['locked', 'unknown'] as const)('while %s: that something happened, nothing of what', (session) => {
    for (const notice of ALL) {
      for (const language of ['zh-CN', 'en-US']) {
        const shown = spec(notice, session, language)
        expect(shown).toEqual(
          language === 'zh-CN'
            ? { title: '工行数字钱包', body: '钱包有新动态，解锁后查看' }
            : { title: 'ICBC Digital Wallet', body: 'Something new in your wallet: unlock it to see' },
        )
        const text = JSON.stringify(shown)
        for (const secret of ['123.45', '88.00', '250.00', '500.00', '501.01', '246810', '李四', '华联超市', '张三'])
          expect(text).not.toContain(secret)
      }
    }
  })
})
