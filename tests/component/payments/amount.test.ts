import { describe, expect, it } from 'vitest'
import { checkAmount } from '@renderer/features/payments/amount'

describe('checkAmount (yuan as typed → fen)', () => {
  it.each([
    ['100', 10_000],
    ['12.5', 1_250],
    ['0.1', 10],
    ['¥1,234.56', 123_456],
    [' 0.29 ', 29],
  ])('%s is %d fen', (text, fen) => {
    expect(checkAmount(text)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', '请输入金额'],
    ['abc', '金额格式不正确'],
    ['1.234', '最多保留两位小数'],
    ['-5', '金额不能为负数'],
    ['0', '金额必须大于 0'],
    ['0.00', '金额必须大于 0'],
    ['99999999999999999', '金额过大'],
  ])('refuses %j: %s', (text, message) => {
    const check = checkAmount(text)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.message).toContain(message)
  })
})
