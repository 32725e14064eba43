import { computed, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { checkAmount, type AmountCheck } from './amount'

export interface PayFlowOptions<R> {
  /** Sends the payment with the password typed on the sheet, for the amount the sheet showed. */
  submit: (payPassword: string, amountFen: number) => Promise<R>
  /** The payment went through (or was queued): the sheet has closed. */
  done?: (result: R) => void
}

export interface PayFlow<R> {
  /** The amount as typed, in yuan, for screens where the user types one. */
  amountText: Ref<string>
  /** What is wrong with the typed amount, once the user tried to go on with it; cleared as they type. */
  amountError: Ref<string | undefined>
  typed: Readonly<Ref<AmountCheck>>
  /** Bind to PayPasswordSheet: v-model, :amount-fen, :submit and @done="finish". */
  sheetOpen: Ref<boolean>
  amountFen: Ref<number>
  submit: (payPassword: string) => Promise<R>
  finish: (result: R) => void
  /** What the payment came to, for PaymentOutcome; undefined until then. */
  result: ShallowRef<R | undefined>
  /** Checks the typed amount: its fen, or undefined with amountError set. */
  checkTyped: () => number | undefined
  /** Asks for the payment password for this amount. */
  pay: (amountFen: number) => void
  /** checkTyped, then pay. */
  payTyped: () => void
  /** 再来一笔: no result, no amount. */
  reset: () => void
}

/**
 * amount → payment password sheet → outcome, the same on every payment screen. The password goes from
 * the sheet straight into `submit` and is kept nowhere; 重试 on the sheet calls `submit` again for the
 * same amount and the same request, so main answers it under the payment's own idempotency key.
 */
export function usePayFlow<R>(options: PayFlowOptions<R>): PayFlow<R> {
  const amountText = ref('')
  const amountError = ref<string>()
  const typed = computed(() => checkAmount(amountText.value))
  const sheetOpen = ref(false)
  const amountFen = ref(0)
  const result = shallowRef<R>()

  watch(amountText, () => (amountError.value = undefined))

  function checkTyped(): number | undefined {
    const check = typed.value
    if (!check.ok) {
      amountError.value = check.message
      return undefined
    }
    amountError.value = undefined
    return check.fen
  }

  function pay(fen: number): void {
    amountFen.value = fen
    sheetOpen.value = true
  }

  function payTyped(): void {
    const fen = checkTyped()
    if (fen !== undefined) pay(fen)
  }

  function finish(value: R): void {
    result.value = value
    options.done?.(value)
  }

  function reset(): void {
    result.value = undefined
    amountText.value = ''
  }

  return {
    amountText,
    amountError,
    typed,
    sheetOpen,
    amountFen,
    submit: (payPassword) => options.submit(payPassword, amountFen.value),
    finish,
    result,
    checkTyped,
    pay,
    payTyped,
    reset,
  }
}
