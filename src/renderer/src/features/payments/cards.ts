import { computed, ref } from 'vue'
import type { BoundCard, CardLabel, PaymentResult } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'
import { transferLimits } from './transfers'

/** 充值 / 提现's state for one visit of the panel: the bound cards, the one chosen and the wallet's balance. */
export function useBoundCards() {
  const cards = ref<BoundCard[]>([])
  /** False when the bank could not be reached and the list is the one kept on this computer. */
  const fresh = ref(true)
  const cardId = ref<string>()
  const balanceFen = ref<number>()
  const action = useAsyncAction<'load'>()

  const card = computed(() => cards.value.find((c) => c.cardId === cardId.value))

  const load = () =>
    action.run(
      'load',
      () => call('cards.list'),
      (list) => {
        cards.value = list.cards
        fresh.value = list.fresh
        if (!card.value) cardId.value = list.cards[0]?.cardId
      },
    )

  /** The balance is a convenience here; the payment itself reports any problem. */
  async function loadBalance(): Promise<void> {
    const limits = await transferLimits()
    if (limits) balanceFen.value = limits.balanceFen
  }

  /** 充值 (card → wallet) or 提现 (wallet → card) with the chosen card. */
  function move(mode: 'topup' | 'withdraw', payPassword: string, amountFen: number): Promise<PaymentResult> {
    const input = { cardId: cardId.value ?? '', amountFen, payPassword }
    return mode === 'topup' ? call('pay.topup', input) : call('pay.withdraw', input)
  }

  async function unbind(target: BoundCard): Promise<void> {
    await call('cards.unbind', { cardId: target.cardId })
  }

  /** A label main has saved, shown without asking for the list again. */
  function labelled(saved: CardLabel): void {
    cards.value = cards.value.map((c) => (c.cardId === saved.cardId ? { ...c, label: saved.label } : c))
  }

  return { cards, fresh, cardId, card, balanceFen, action, load, loadBalance, move, unbind, labelled }
}

/** 绑定新卡: the card number and the phone registered with the bank, checked by main and the bank. */
export function useCardBinding() {
  const action = useAsyncAction<'bind'>()
  const bind = async (pan: string, reservedPhone: string): Promise<BoundCard | undefined> => {
    let bound: BoundCard | undefined
    await action.run(
      'bind',
      () => call('cards.bind', { pan, reservedPhone }),
      (answer) => (bound = answer.card),
    )
    return bound
  }
  return { action, bind }
}

/** 备注名: the user's own name for a bound card; '' takes it away. */
export function useCardLabel() {
  const action = useAsyncAction<'save'>()
  const save = async (cardId: string, label: string): Promise<CardLabel | undefined> => {
    let saved: CardLabel | undefined
    await action.run(
      'save',
      () => call('cards.setLabel', { cardId, label }),
      (answer) => (saved = answer),
    )
    return saved
  }
  return { action, save }
}
