import { nextTick } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '@renderer/i18n'
import { usePayFlow } from '@renderer/features/payments/usePayFlow'

describe('usePayFlow', () => {
  it('opens the sheet only for a valid typed amount, and says what is wrong otherwise', async () => {
    i18n.global.locale.value = 'zh-CN'
    const flow = usePayFlow({ submit: vi.fn() })
    flow.amountText.value = '12.345'
    flow.payTyped()
    expect(flow.sheetOpen.value).toBe(false)
    expect(flow.amountError.value).toBe('金额最多保留两位小数（精确到分）')
    flow.amountText.value = '12.34'
    await nextTick()
    expect(flow.amountError.value).toBeUndefined()
    flow.payTyped()
    expect(flow.sheetOpen.value).toBe(true)
    expect(flow.amountFen.value).toBe(1234)
  })

  it('sends the password with the amount the sheet showed, every time it is asked (重试 resends the same)', async () => {
    const submit = vi.fn((payPassword: string, amountFen: number) => Promise.resolve({ payPassword, amountFen }))
    const done = vi.fn()
    const flow = usePayFlow({ submit, done })
    flow.pay(2800)
    flow.amountText.value = '999'
    await flow.submit('135790')
    await flow.submit('135790')
    expect(submit.mock.calls).toEqual([
      ['135790', 2800],
      ['135790', 2800],
    ])
    flow.finish({ payPassword: '135790', amountFen: 2800 })
    expect(flow.result.value).toEqual({ payPassword: '135790', amountFen: 2800 })
    expect(done).toHaveBeenCalledTimes(1)
  })

  it('starts again empty', () => {
    const flow = usePayFlow<string>({ submit: () => Promise.resolve('ok') })
    flow.amountText.value = '5'
    flow.finish('ok')
    flow.reset()
    expect(flow.result.value).toBeUndefined()
    expect(flow.amountText.value).toBe('')
  })
})
