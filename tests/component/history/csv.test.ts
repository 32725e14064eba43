import { describe, expect, it } from 'vitest'
import Papa from 'papaparse'
import { monthOf, type TxRow } from '@renderer/db/replica'
import { BOM, csvFileName, csvRecord, safeText, toCsv, type CsvLabels } from '@renderer/views/history/csv'
import { i18n } from '@renderer/i18n'
import { at, tx } from './fixtures'

const t = i18n.global.t
function labels(): CsvLabels {
  const pick = (group: string) => (v: string) => t(`wallet.${group}.${v}`)
  return {
    header: {
      time: t('wallet.csv.time'),
      type: t('wallet.csv.type'),
      direction: t('wallet.csv.direction'),
      amount: t('wallet.csv.amount'),
      discount: t('wallet.csv.discount'),
      status: t('wallet.csv.status'),
      title: t('wallet.csv.title'),
      counterparty: t('wallet.csv.counterparty'),
      account: t('wallet.csv.account'),
      memo: t('wallet.csv.memo'),
      category: t('wallet.csv.category'),
      channel: t('wallet.csv.channel'),
      reference: t('wallet.csv.reference'),
      balanceAfter: t('wallet.csv.balanceAfter'),
    },
    type: pick('types'),
    status: pick('statuses'),
    category: pick('categories'),
    channel: pick('channels'),
    direction: pick('direction'),
  }
}

const row = (patch: Parameters<typeof tx>[0]): TxRow => {
  const t = tx(patch)
  return { ...t, key: t.id, month: monthOf(t.occurredAt) }
}

describe('CSV export', () => {
  it('starts with a BOM and a Chinese header, amounts as exact yuan from fen', () => {
    i18n.global.locale.value = 'zh-CN'
    const l = labels()
    const csv = toCsv(
      [
        csvRecord(
          row({
            occurredAt: at(2026, 2, 1, 9, 5),
            type: 'transfer_out',
            amountFen: 200_001,
            discountFen: 0,
            title: '转账给李*',
            counterparty: '李*',
            counterpartyAccount: '139****9000',
            memo: '房租, 二月',
            category: 'transfer',
            channel: 'app',
            reference: 'TX20260201090500',
            balanceAfterFen: 123_456_789,
          }),
          l,
        ),
        csvRecord(
          row({
            occurredAt: at(2026, 2, 2, 10),
            type: 'topup',
            direction: 'in',
            amountFen: 5,
            balanceAfterFen: null,
            category: 'topup',
            reference: 'TX2',
          }),
          l,
        ),
      ],
      l,
    )
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe(
      '交易时间,交易类型,收/支,金额(元),优惠(元),状态,摘要,对方,对方账号,备注,分类,渠道,参考号/流水号,交易后余额(元)',
    )
    expect(lines[1]).toBe(
      '2026-02-01 09:05:00,转出,支出,-2000.01,0.00,成功,转账给李*,李*,139****9000,"房租, 二月",转账,钱包App,TX20260201090500,1234567.89',
    )
    expect(lines[2]).toBe('2026-02-02 10:00:00,充值,收入,0.05,0.00,成功,瑞幸咖啡(国贸店),瑞幸咖啡(国贸店),,,充值,付款码,TX2,')
    // It parses back to the same cells.
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data
    expect(parsed[1]?.[9]).toBe('房租, 二月')
    expect(parsed[1]?.[3]).toBe('-2000.01')
  })

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(safeText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")')
    expect(safeText('+86 139')).toBe("'+86 139")
    expect(safeText('@cmd')).toBe("'@cmd")
    expect(safeText('房租')).toBe('房租')
    const record = csvRecord(row({ occurredAt: at(2026, 1, 1), memo: '-1+1' }), labels())
    expect(record[9]).toBe("'-1+1")
    expect(record[3]).toBe('-10.00')
  })

  it('names the file after the time of export', () => {
    expect(csvFileName('工行数字钱包账单', new Date(2026, 2, 9, 8, 7))).toBe('工行数字钱包账单_20260309-0807.csv')
  })
})
