import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, expect, it } from 'vitest'
import type { DeregisterCheck } from '@shared/contract'
import type { PosCharge } from '@shared/contract/payments'
import ClearStep from '@renderer/views/deregister/ClearStep.vue'
import { mountScreen, ok, settle } from '../payments/screen'

enableAutoUnmount(afterEach)

const charge = (chargeId: string, status: PosCharge['status']): PosCharge => ({
  chargeId,
  merchantId: 'm-1',
  merchantName: '便利店',
  amountFen: 128_800,
  description: null,
  status,
  createdAt: 1,
  expiresAt: 2,
  txId: null,
})

const check: DeregisterCheck = {
  blockers: [{ reason: 'PENDING_CHARGE', amountFen: 128_800, count: 1, until: 2 }],
  outbox: [],
  totpRequired: false,
  phoneMasked: '138****8000',
  autoBackups: 0,
}

it('注销 lists the charges waiting for confirmation and declines one right there, then checks again', async () => {
  let pending = [charge('chg-1', 'awaiting_confirmation'), charge('chg-0', 'succeeded')]
  const { wrapper, sent } = await mountScreen(
    ClearStep,
    {
      'paycode.pending': () => ok({ charges: pending }),
      'paycode.decline': () => {
        pending = []
        return ok(charge('chg-1', 'declined'))
      },
    },
    { check, checking: false, error: undefined },
  )
  const rows = wrapper.findAll('[data-testid="dereg-charge"]')
  expect(rows).toHaveLength(1)
  expect(rows[0]!.text()).toContain('便利店')
  expect(rows[0]!.text()).toContain('1,288.00')
  await wrapper.get('[data-testid="dereg-charge-decline-chg-1"]').trigger('click')
  await settle()
  expect(sent('paycode.decline')).toEqual([{ chargeId: 'chg-1' }])
  expect(wrapper.findAll('[data-testid="dereg-charge"]')).toHaveLength(0)
  expect(wrapper.emitted('refresh')).toHaveLength(1)
})
