import { describe, expect, it } from 'vitest'
import { CARD_LABEL_MAX, validateCardLabel } from '../../src/shared/validators'

describe('validateCardLabel', () => {
  it('keeps a label trimmed and in NFC; empty means no label', () => {
    expect(validateCardLabel('  工资卡 ')).toEqual({ ok: true, label: '工资卡' })
    expect(validateCardLabel('Cafe\u0301')).toEqual({ ok: true, label: 'Café' })
    expect(validateCardLabel('   ')).toEqual({ ok: true, label: '' })
  })

  it('counts characters as the user sees them', () => {
    expect(validateCardLabel('卡'.repeat(CARD_LABEL_MAX))).toMatchObject({ ok: true })
    expect(validateCardLabel('💳'.repeat(CARD_LABEL_MAX))).toMatchObject({ ok: true })
    expect(validateCardLabel('卡'.repeat(CARD_LABEL_MAX + 1))).toEqual({ ok: false, reason: 'TOO_LONG' })
  })

  it.each([
    ['a right-to-left override', '\u202e卡资工'],
    ['a right-to-left isolate', '工资\u2067卡'],
    ['a left-to-right mark', '\u200e工资卡'],
    ['an Arabic letter mark', '工资卡\u061c'],
    ['a zero-width space', '工资\u200b卡'],
    ['a byte order mark at the start (trim would hide it)', '\ufeff工资卡'],
    ['a newline at the end (trim would hide it)', '工资卡\n'],
    ['a tab', '工资\t卡'],
    ['a C1 control', '工资\u0085卡'],
    ['a line separator', '工资\u2028卡'],
  ])('refuses %s', (_, label) => {
    expect(validateCardLabel(label)).toEqual({ ok: false, reason: 'CONTROL_CHARS' })
  })

  it('allows the zero-width joiner that emoji sequences need', () => {
    expect(validateCardLabel('家用👨‍👩‍👧')).toMatchObject({ ok: true })
  })
})
