import { defineComponent, h, nextTick, ref } from 'vue'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@renderer/i18n'
import PayKeypad from '@renderer/components/PayKeypad.vue'
import PayPasswordSheet from '@renderer/components/PayPasswordSheet.vue'

/**
 * The payment keypad from the keyboard and as a screen reader hears it: the digits of the main row and of
 * the numeric keypad arrive, Backspace takes one back, and the live region says how many are typed,
 * never which.
 */
enableAutoUnmount(afterEach)

const $ = (testid: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`)

/** A key pressed on the physical keyboard with the focus on the page (not in a text field). */
async function key(k: string, code = k.length === 1 ? `Digit${k}` : k): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { key: k, code, bubbles: true, cancelable: true })
  document.body.dispatchEvent(event)
  await nextTick()
  return event
}

const filled = () => document.body.querySelectorAll('[data-testid="keypad-dots"] .dot.filled').length
const status = () => $('keypad-status')!

/** Everything an accessibility tree could expose: text, attributes and form values, of every element. */
function exposed(root: HTMLElement): string {
  const parts: string[] = []
  for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
    for (const attr of el.getAttributeNames()) parts.push(el.getAttribute(attr) ?? '')
    if ('value' in el) parts.push(String((el as HTMLInputElement).value))
  }
  parts.push(root.textContent ?? '')
  return parts.join('\n')
}

/**
 * What the accessibility tree is given, without the keys' own labels (each key shows its digit; what was
 * typed must not show anywhere) and without what is hidden from it (aria-hidden: the dots).
 */
function exposedBesidesKeys(root: HTMLElement): string {
  const clone = root.cloneNode(true) as HTMLElement
  for (const el of clone.querySelectorAll('.keys, [aria-hidden="true"]')) el.remove()
  return exposed(clone)
}

function mountKeypad(language: 'zh-CN' | 'en-US' = 'zh-CN') {
  i18n.global.locale.value = language
  const complete = vi.fn()
  const wrapper = mount(PayKeypad, { props: { onComplete: complete }, global: { plugins: [i18n] }, attachTo: document.body })
  return { wrapper, complete }
}

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('PayKeypad from the keyboard', () => {
  it('takes the main row digits and hands the six over once, then starts empty', async () => {
    const { complete } = mountKeypad()
    for (const d of '13579') await key(d)
    expect(filled()).toBe(5)
    expect(complete).not.toHaveBeenCalled()
    const last = await key('0')
    expect(last.defaultPrevented).toBe(true)
    expect(complete).toHaveBeenCalledTimes(1)
    expect(complete).toHaveBeenCalledWith('135790')
    expect(filled()).toBe(0)
  })

  it('takes the numeric keypad digits, with Num Lock on or off', async () => {
    const { complete } = mountKeypad()
    await key('2', 'Numpad2')
    await key('4', 'Numpad4')
    // Num Lock off: the key says End, its code still says which digit it is.
    await key('End', 'Numpad1')
    await key('ArrowDown', 'Numpad2')
    await key('3', 'Numpad3')
    await key('Insert', 'Numpad0')
    expect(complete).toHaveBeenCalledWith('241230')
  })

  it('Backspace takes the last digit back and Esc starts again', async () => {
    const { complete } = mountKeypad()
    for (const d of '1234') await key(d)
    await key('Backspace')
    expect(filled()).toBe(3)
    for (const d of '567') await key(d)
    expect(complete).toHaveBeenCalledWith('123567')
    for (const d of '98') await key(d)
    await key('Escape')
    expect(filled()).toBe(0)
    for (const d of '111222') await key(d)
    expect(complete).toHaveBeenLastCalledWith('111222')
  })

  it('ignores keys typed into a text field and other keys', async () => {
    const { complete } = mountKeypad()
    const input = document.createElement('input')
    document.body.append(input)
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '5', code: 'Digit5', bubbles: true }))
    await key('a', 'KeyA')
    await key('5', 'Digit5')
    expect(filled()).toBe(1)
    expect(complete).not.toHaveBeenCalled()
    input.remove()
  })

  it('the clicked keys and the typed ones make one entry', async () => {
    const { complete } = mountKeypad()
    $('keypad-4')!.click()
    await key('4')
    $('keypad-delete')!.click()
    await nextTick()
    for (const d of '80864') await key(d)
    expect(complete).toHaveBeenCalledWith('480864')
  })
})

describe('PayKeypad as a screen reader hears it', () => {
  it('announces the count in a polite live region, in Chinese and in English', async () => {
    mountKeypad()
    expect(status().getAttribute('role')).toBe('status')
    expect(status().getAttribute('aria-live')).toBe('polite')
    expect(status().textContent).toBe('已输入 0 位，共 6 位')
    for (const d of '739') await key(d)
    expect(status().textContent).toBe('已输入 3 位，共 6 位')
    await key('Backspace')
    expect(status().textContent).toBe('已输入 2 位，共 6 位')

    i18n.global.locale.value = 'en-US'
    await nextTick()
    expect(status().textContent).toBe('2 of 6 digits entered')
  })

  it('never puts a typed digit in the DOM: the dots are hidden and nothing else says them', async () => {
    const { wrapper } = mountKeypad()
    const root = wrapper.element as HTMLElement
    expect($('keypad-dots')!.getAttribute('aria-hidden')).toBe('true')
    const before = exposedBesidesKeys(root)
    // Digits that appear nowhere in the keypad's own labels: 5 of them, one short of completing.
    for (const d of '86868') await key(d)
    const after = exposedBesidesKeys(root)
    expect(after).not.toMatch(/8686|6868/)
    // Apart from the count (0 → 5), the keypad looks the same as before anything was typed.
    expect(after.replace(/5/g, '0')).toBe(before)
    expect(root.querySelectorAll('input, textarea').length).toBe(0)
  })

  it('in the payment password sheet: the sheet names the keypad and the live region speaks counts only', async () => {
    const open = ref(true)
    const submit = vi.fn(() => new Promise<never>(() => {}))
    const Host = defineComponent({
      setup: () => () =>
        h(PayPasswordSheet, {
          modelValue: open.value,
          'onUpdate:modelValue': (v: boolean) => (open.value = v),
          amountFen: 100,
          payee: '瑞幸咖啡',
          submit,
        }),
    })
    mount(Host, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    await nextTick()
    await nextTick()
    expect($('pay-keypad')!.getAttribute('aria-label')).toBe(i18n.global.t('payments.sheet.keypad'))
    for (const d of '13579') await key(d)
    expect(status().textContent).toBe('已输入 5 位，共 6 位')
    expect(exposedBesidesKeys(document.body)).not.toMatch(/1357|3579/)
    await key('0')
    expect(submit).toHaveBeenCalledWith('135790')
  })
})
