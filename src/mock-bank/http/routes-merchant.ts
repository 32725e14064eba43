import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import * as api from '../../shared/bank-api'
import { SHOP_ITEMS } from '../catalog'
import { createShopOrder, shopOrder } from '../ops/orders'
import { merchantCharge, posCharge } from '../ops/paycode'
import { addPage, addRoute, type RouteEnv } from './route'

/** The merchant side, for tests and demos: a till that charges pay codes, and a small web shop. */
export function merchantRoutes(app: FastifyInstance, env: RouteEnv): void {
  addRoute(app, env, api.BANK_API.posCharge, {
    handle: (ctx, { body }) => posCharge(ctx, body),
  })
  addRoute(app, env, api.BANK_API.posChargeStatus, {
    handle: (ctx, { params }) => merchantCharge(ctx, params.merchantId, params.id),
  })

  addRoute(app, env, api.BANK_API.createShopOrder, {
    handle: (ctx, { body }) => createShopOrder(ctx, body.items),
  })
  addRoute(app, env, api.BANK_API.shopOrder, {
    handle: (ctx, { params }) => shopOrder(ctx, params.id),
  })

  addPage(app, api.BANK_API.shopPage, async (_request, reply) => {
    const nonce = randomBytes(12).toString('base64')
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header(
        'content-security-policy',
        `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:`,
      )
      .send(shopPage(nonce))
  })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function shopPage(nonce: string): string {
  const rows = SHOP_ITEMS.map(
    (item) => `<tr><td>${escapeHtml(item.name)}</td><td class="num">¥${(item.priceFen / 100).toFixed(2)}</td>
      <td><input type="number" min="0" max="99" value="0" data-sku="${item.sku}" data-testid="qty-${item.sku}" aria-label="${escapeHtml(item.name)} 数量"></td></tr>`,
  ).join('\n')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>工银融e购 · 演示商城</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 720px; color: #222; }
  h1 { color: #c7000b; font-size: 1.4rem; } .num { text-align: right; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #eee; padding: .5rem; }
  button { background: #c7000b; color: #fff; border: 0; padding: .6rem 1.4rem; border-radius: 4px; font-size: 1rem; cursor: pointer; }
  #order { margin-top: 1.5rem; padding: 1rem; border: 1px solid #ddd; border-radius: 6px; display: none; }
  code { word-break: break-all; } .paid { color: #1a7f37; font-weight: bold; } .note { color: #888; font-size: .85rem; }
</style></head>
<body>
<h1>工银融e购 · 演示商城</h1>
<p class="note">模拟商户页面：下单后用“工行数字钱包”打开支付链接完成付款，本页会显示支付结果。</p>
<table><thead><tr><th>商品</th><th class="num">单价</th><th>数量</th></tr></thead><tbody>
${rows}
</tbody></table>
<p><button id="buy" data-testid="create-order">提交订单</button> <span id="error" role="alert"></span></p>
<section id="order" data-testid="order">
  <div>订单号 <span id="order-id" data-testid="order-id"></span> · 金额 <strong id="order-amount" data-testid="order-amount"></strong></div>
  <p>支付链接：<a id="pay-link" data-testid="pay-link" href="#">用工行数字钱包支付</a></p>
  <p><code id="pay-url" data-testid="pay-url"></code></p>
  <p>状态：<span id="order-status" data-testid="order-status">待支付</span></p>
</section>
<script nonce="${nonce}">
  const $ = (id) => document.getElementById(id)
  let timer
  $('buy').addEventListener('click', async () => {
    $('error').textContent = ''
    const items = [...document.querySelectorAll('input[data-sku]')]
      .map((i) => ({ sku: i.dataset.sku, qty: Number(i.value) }))
      .filter((i) => i.qty > 0)
    if (items.length === 0) { $('error').textContent = '请至少选择一件商品'; return }
    const res = await fetch('/shop/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ items }) })
    const data = await res.json()
    if (!res.ok) { $('error').textContent = data.error?.message ?? '下单失败'; return }
    $('order').style.display = 'block'
    $('order-id').textContent = data.order.orderId
    $('order-amount').textContent = '¥' + (data.order.amountFen / 100).toFixed(2)
    $('pay-link').href = data.payUrl
    $('pay-url').textContent = data.payUrl
    $('order-status').textContent = '待支付'
    $('order-status').className = ''
    clearInterval(timer)
    timer = setInterval(async () => {
      const r = await fetch('/shop/orders/' + encodeURIComponent(data.order.orderId))
      if (!r.ok) return
      const { order } = await r.json()
      if (order.status === 'paid') { $('order-status').textContent = '已支付'; $('order-status').className = 'paid'; clearInterval(timer) }
      else if (order.status === 'expired') { $('order-status').textContent = '已过期'; clearInterval(timer) }
    }, 1000)
  })
</script>
</body></html>`
}
