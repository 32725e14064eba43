/**
 * Text main refused as not well-formed (INVALID_INPUT { field, reason: MALFORMED | CONTROL_CHARS },
 * src/shared/contract/text.ts) is explained by field, in Chinese and in English, on the payment screens
 * (features/payments/problem.ts) and on the wizard, sign-in and lock screens (features/problems/describe.ts).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '@renderer/api/client'
import { describeProblem, failureMessage, textMessage } from '@renderer/features/problems/describe'
import { payProblem } from '@renderer/features/payments/problem'
import { i18n } from '@renderer/i18n'
import ScanPanel from '@renderer/views/pay/ScanPanel.vue'
import SignInView from '@renderer/views/session/SignInView.vue'
import { mountScreen, refuse, settle } from '../payments/screen'
import { PHONE, click, fail, fill, mountView, setup } from '../activation/helpers'

const refused = (field: string, reason: string) =>
  new ApiError({ code: 'INVALID_INPUT', message: 'INVALID_INPUT', details: { field, reason } })

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('on the payment screens', () => {
  it.each([
    ['name', 'CONTROL_CHARS', '户名不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。'],
    ['memo', 'CONTROL_CHARS', '附言不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。'],
    ['alias', 'CONTROL_CHARS', '备注名不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。'],
    ['household', 'MALFORMED', '户号中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。'],
    ['payPassword', 'MALFORMED', '支付密码中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。'],
    ['txId', 'MALFORMED', '输入内容中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。'],
    ['label', 'MALFORMED', '备注名中有无法识别的字符（可能是不完整的表情符号），请删除后再保存。'],
    ['label', 'CONTROL_CHARS', '备注名不能包含控制字符、不可见字符或文字方向控制字符，请删除后再保存。'],
  ])('says what is wrong with the %s (%s)', (field, reason, message) => {
    expect(payProblem(refused(field, reason)).message).toBe(message)
  })

  it('says it in English too', () => {
    i18n.global.locale.value = 'en-US'
    expect(payProblem(refused('memo', 'CONTROL_CHARS')).message).toBe(
      'The note cannot contain line breaks, control, invisible or text-direction characters; please remove them.',
    )
    expect(payProblem(refused('name', 'MALFORMED')).message).toBe(
      'The name contains a character that cannot be read (perhaps half of an emoji); please delete it and type it again.',
    )
  })

  it('keeps the other reasons as they were', () => {
    expect(payProblem(refused('amount', 'NOT_POSITIVE')).message).not.toContain('无法识别')
    expect(textMessage('memo', 'TOO_LONG')).toBeUndefined()
  })

  it('扫一扫 shows why the pasted text was refused', async () => {
    const { wrapper } = await mountScreen(ScanPanel, {
      'scan.decode': () => refuse('INVALID_INPUT', { field: 'text', reason: 'CONTROL_CHARS' }),
    })
    await wrapper.get('[data-testid="scan-text"]').setValue('icbc-merchant:M0005')
    await wrapper.get('[data-testid="scan-decode"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="scan-error"]').text()).toBe(
      '二维码内容不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。',
    )
  })
})

describe('on the wizard, sign-in and lock screens', () => {
  it.each([
    ['name', 'CONTROL_CHARS', '姓名不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。'],
    ['idNumber', 'MALFORMED', '身份证号中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。'],
    ['password', 'MALFORMED', '登录密码中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。'],
    ['code', 'CONTROL_CHARS', '验证码不能包含换行、控制字符、不可见字符或文字方向控制字符，请删除后重新输入。'],
  ])('says what is wrong with the %s (%s)', (field, reason, message) => {
    expect(describeProblem(refused(field, reason)).message).toBe(message)
  })

  it('登录 shows it for a password main refused as malformed', async () => {
    const { pinia } = setup({ 'session.signIn': () => fail('INVALID_INPUT', { field: 'password', reason: 'MALFORMED' }) })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await fill(wrapper, 'sign-in-phone', PHONE)
    await fill(wrapper, 'sign-in-password', 'Wallet2024x')
    await click(wrapper, 'sign-in-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('登录密码中有无法识别的字符')
  })
})

describe('on the vault and backup screens', () => {
  it('names the passphrase by the screen’s own word, and keeps the plain messages of other failures', () => {
    expect(failureMessage(refused('passphrase', 'MALFORMED'), '主密码')).toBe(
      '主密码中有无法识别的字符（可能是不完整的表情符号），请删除后重新输入。',
    )
    expect(failureMessage(refused('passphrase', 'MALFORMED'), '备份密码')).toContain('备份密码中有无法识别的字符')
    expect(failureMessage(new ApiError({ code: 'BACKUP_WRONG_PASSPHRASE', message: 'x' }))).toBe('密码错误：备份密码不正确，请重新输入。')
    expect(failureMessage(refused('bytes', 'FORMAT'))).toBe('输入内容有误，请检查后重试。')
    expect(failureMessage(new Error('boom'))).toBe('操作失败，请稍后重试。')
  })
})
