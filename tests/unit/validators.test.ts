import { describe, expect, it } from 'vitest'
import {
  bankOfCard,
  birthDateOfResidentId,
  luhnCheckDigit,
  luhnValid,
  maskCard,
  maskName,
  maskPhone,
  maskResidentId,
  passwordStrength,
  residentIdCheckChar,
  validateBankCard,
  validateLoginPassword,
  validateMobile,
  validatePayPassword,
  validateResidentId,
} from '../../src/shared/validators'

const TODAY = new Date(2025, 5, 1)

describe('validateMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['19912345678', '19912345678'],
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['8613800138000', '13800138000'],
  ])('accepts %s', (input, phone) => {
    expect(validateMobile(input)).toEqual({ ok: true, phone })
  })

  it.each([
    ['', 'EMPTY'],
    ['1380013800a', 'FORMAT'],
    ['1380013800', 'LENGTH'],
    ['138001380001', 'LENGTH'],
    ['12800138000', 'PREFIX'],
    ['23800138000', 'PREFIX'],
  ])('refuses %j as %s', (input, reason) => {
    expect(validateMobile(input)).toEqual({ ok: false, reason })
  })
})

describe('validateResidentId', () => {
  it.each([
    ['11010519491231002X', { year: 1949, month: 12, day: 31 }, 'F'],
    ['11010519491231002x', { year: 1949, month: 12, day: 31 }, 'F'],
    ['44030419900307123X', { year: 1990, month: 3, day: 7 }, 'M'],
    ['310115198508150018', { year: 1985, month: 8, day: 15 }, 'M'],
    ['510107200002290045', { year: 2000, month: 2, day: 29 }, 'F'],
    ['440106199506203873', { year: 1995, month: 6, day: 20 }, 'M'],
  ])('accepts %s', (id, birthDate, gender) => {
    const result = validateResidentId(id, TODAY)
    expect(result).toMatchObject({ ok: true, id: id.toUpperCase(), birthDate, gender })
  })

  it.each([
    ['', 'EMPTY'],
    ['11010519491231002', 'LENGTH'],
    ['1101051949123100211', 'LENGTH'],
    ['1101051949123100X2', 'FORMAT'],
    ['11010519491231002Y', 'FORMAT'],
    ['99010519491231002X', 'REGION'],
    ['00010519491231002X', 'REGION'],
    ['110105194913310029', 'BIRTH_DATE'],
    ['110105190002290029', 'BIRTH_DATE'],
    ['110105202506020021', 'BIRTH_DATE'],
    ['110105189912310021', 'BIRTH_DATE'],
    ['110105194912310021', 'CHECK_DIGIT'],
    ['310115198508150019', 'CHECK_DIGIT'],
  ])('refuses %j as %s', (id, reason) => {
    expect(validateResidentId(id, TODAY)).toEqual({ ok: false, reason })
  })

  it('computes the GB 11643 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
    expect(residentIdCheckChar('31011519850815001')).toBe('8')
  })

  it('reads the birth date without checking the rest', () => {
    expect(birthDateOfResidentId('11010519491231002X')).toEqual({ year: 1949, month: 12, day: 31 })
    expect(birthDateOfResidentId('abc')).toBeUndefined()
  })
})

describe('bank cards', () => {
  it.each([
    ['6222020200001234562', true],
    ['6217001234567890122', true],
    ['4111111111111111', true],
    ['79927398713', true],
    ['79927398710', false],
    ['6222020200001234563', false],
    ['', false],
    ['62220202a0001234562', false],
  ])('luhnValid(%j) is %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid)
  })

  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('622202020000123456')).toBe('2')
    expect(luhnCheckDigit('7992739871')).toBe('3')
  })

  it.each([
    ['6222 0202 0000 1234 562', { ok: true, pan: '6222020200001234562' }],
    ['62220202001234562', { ok: true, pan: '62220202001234562' }],
    ['', { ok: false, reason: 'EMPTY' }],
    ['6222x20200001234562', { ok: false, reason: 'FORMAT' }],
    ['622202020000123', { ok: false, reason: 'LENGTH' }],
    ['62220202000012345620', { ok: false, reason: 'LENGTH' }],
    ['4111111111111111', { ok: false, reason: 'NOT_UNIONPAY' }],
    ['6222020200001234563', { ok: false, reason: 'CHECKSUM' }],
  ])('validateBankCard(%j)', (input, expected) => {
    expect(validateBankCard(input)).toEqual(expected)
  })

  it.each([
    ['6222020200001234562', '工商银行'],
    ['6217001234567890122', '建设银行'],
    ['6228480000111122222', '农业银行'],
    ['6216610000000000008', '中国银行'],
    ['6222620000000000004', '交通银行'],
    ['621483000123456781', '招商银行'],
  ])('bankOfCard(%s) is %s', (pan, name) => {
    expect(bankOfCard(pan)?.name).toBe(name)
  })

  it('knows nothing about unknown prefixes', () => {
    expect(bankOfCard('6200000000000000')).toBeUndefined()
    expect(bankOfCard('622')).toBeUndefined()
  })
})

describe('validateLoginPassword', () => {
  const context = { phone: '13800138000', birthDate: { year: 1990, month: 3, day: 7 } }
  it.each(['abc12345', 'Wallet2025', 'a1b2c3d4e5f6g7h8i9j0', 'P@ssw0rd!'])('accepts %s', (pw) => {
    expect(validateLoginPassword(pw, context)).toEqual({ ok: true })
  })

  it.each([
    ['', 'EMPTY'],
    ['abc1234', 'LENGTH'],
    ['a1234567890123456789x', 'LENGTH'],
    ['abc 12345', 'INVALID_CHAR'],
    ['密码abc12345', 'INVALID_CHAR'],
    ['12345678', 'NEEDS_LETTER'],
    ['abcdefgh', 'NEEDS_DIGIT'],
    ['x13800138000', 'CONTAINS_PHONE'],
    ['abc19900307', 'CONTAINS_BIRTH_DATE'],
    ['abc900307', 'CONTAINS_BIRTH_DATE'],
  ])('refuses %j as %s', (pw, reason) => {
    expect(validateLoginPassword(pw, context)).toEqual({ ok: false, reason })
  })

  it('rates strength from 0 to 4', () => {
    expect(passwordStrength('abc')).toBe(0)
    expect(passwordStrength('abcd1234')).toBe(1)
    expect(passwordStrength('Abcd1234')).toBe(2)
    expect(passwordStrength('Abcd1234!xyz')).toBe(4)
  })
})

describe('validatePayPassword', () => {
  const context = { birthDate: { year: 1990, month: 3, day: 7 }, residentId: '44030419900307123X' }
  it.each(['135790', '258036', '100200', '192837'])('accepts %s', (pw) => {
    expect(validatePayPassword(pw, context)).toEqual({ ok: true })
  })

  it.each([
    ['12345', 'FORMAT'],
    ['12345a', 'FORMAT'],
    ['1234567', 'FORMAT'],
    ['111111', 'REPEATED'],
    ['000000', 'REPEATED'],
    ['123456', 'SEQUENTIAL'],
    ['654321', 'SEQUENTIAL'],
    ['345678', 'SEQUENTIAL'],
    ['890123', 'SEQUENTIAL'],
    ['900307', 'BIRTH_DATE'],
    ['199003', 'BIRTH_DATE'],
    ['030790', 'BIRTH_DATE'],
    ['070390', 'BIRTH_DATE'],
  ])('refuses %j as %s', (pw, reason) => {
    expect(validatePayPassword(pw, context)).toEqual({ ok: false, reason })
  })

  it('refuses the last six digits of the ID number', () => {
    expect(validatePayPassword('150018', { residentId: '310115198508150018' })).toEqual({ ok: false, reason: 'ID_SUFFIX' })
  })
})

describe('masking', () => {
  it('masks names, phones, cards and IDs', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('李')).toBe('李*')
    expect(maskPhone('13800138000')).toBe('138****8000')
    expect(maskCard('6222020200001234562')).toBe('6222 **** **** 4562')
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X')
  })
})
