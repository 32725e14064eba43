import { describe, expect, it } from 'vitest'
import { txSerial } from '../../../src/mock-bank/ops/transactions'

describe('交易流水号', () => {
  it('is 20 digits: the accounting day in UTC+8, then 12 digits that stay the same for the same transaction', () => {
    // 2025-06-01 23:30 in Beijing is still 2025-06-01 there, though 15:30 UTC.
    const createdAt = Date.UTC(2025, 5, 1, 15, 30)
    const serial = txSerial('tx_Vj9GVRPN55dWT', createdAt)
    expect(serial).toMatch(/^20250601\d{12}$/)
    expect(txSerial('tx_Vj9GVRPN55dWT', createdAt)).toBe(serial)
    expect(txSerial('tx_other', createdAt)).not.toBe(serial)
    expect(txSerial('tx_Vj9GVRPN55dWT', Date.UTC(2025, 5, 1, 16, 30))).toMatch(/^20250602\d{12}$/)
  })
})
