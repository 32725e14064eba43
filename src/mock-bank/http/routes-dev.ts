import type { ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import * as api from '../../shared/bank-api'
import type { Engine } from '../engine'
import type { Faults } from '../faults'
import { profileOf } from '../ops/profile'
import { toSmsMessage } from '../ops/sms'

/**
 * Development endpoints, mock only: the SMS inbox and stream, fault injection, the clock, and a look
 * at the ledger. They bypass faults and idempotency.
 */
export interface DevEnv {
  engine: Engine
  faults: Faults
  /** Open SSE streams, ended when the server closes. */
  streams: Set<ServerResponse>
}

export async function moveClock(
  engine: Engine,
  change: { advanceMs?: number | undefined; setMs?: number | undefined },
): Promise<{ now: number; offsetMs: number }> {
  return engine.transact((unit) => {
    let offsetMs = engine.state.clockOffsetMs
    if (change.setMs !== undefined) offsetMs = change.setMs - (unit.now - offsetMs)
    if (change.advanceMs !== undefined) offsetMs += change.advanceMs
    if (offsetMs !== engine.state.clockOffsetMs) unit.emit({ t: 'clock', offsetMs })
    return { now: engine.now(), offsetMs }
  })
}

function bad(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ error: { code: 'INVALID_INPUT', message: error.issues[0]?.message ?? 'invalid input' } })
}

export function devRoutes(app: FastifyInstance, env: DevEnv): void {
  const { engine, faults, streams } = env

  app.get('/_dev/sms/:phone', async (request) => {
    const { phone } = request.params as { phone: string }
    return engine.exclusive(() => ({ messages: [...(engine.state.smsLog.get(phone) ?? [])].reverse().map(toSmsMessage) }))
  })

  // Server-sent events: `event: sms` with an SmsMessage as data, for the app's 模拟短信 notification.
  app.get('/_dev/sms-stream', (request, reply) => {
    const phone = (request.query as { phone?: string }).phone
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write(': 模拟短信 stream\n\n')
    streams.add(res)
    const unsubscribe = engine.onCommit((events) => {
      for (const event of events) {
        if (event.t !== 'sms.sent' || (phone && event.phone !== phone)) continue
        const rec = engine.state.smsLog.get(event.phone)?.find((m) => m.id === event.id)
        if (rec) res.write(`event: sms\nid: ${rec.id}\ndata: ${JSON.stringify(toSmsMessage(rec))}\n\n`)
      }
    })
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    heartbeat.unref()
    res.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
      streams.delete(res)
    })
  })

  app.get('/_dev/faults', async () => ({ faults: faults.current }))
  app.post('/_dev/faults', async (request, reply) => {
    const parsed = api.FaultConfig.safeParse(request.body ?? {})
    if (!parsed.success) return bad(reply, parsed.error)
    faults.set(parsed.data)
    return { faults: faults.current }
  })
  app.delete('/_dev/faults', async () => {
    faults.clear()
    return { faults: faults.current }
  })

  app.get('/_dev/clock', async () => ({ now: engine.now(), offsetMs: engine.state.clockOffsetMs }))
  app.post('/_dev/clock', async (request, reply) => {
    const parsed = api.ClockRequest.safeParse(request.body ?? {})
    if (!parsed.success) return bad(reply, parsed.error)
    return moveClock(engine, parsed.data)
  })

  app.get('/_dev/ledger', async () => engine.exclusive(() => engine.state.ledger.report()))

  const PhoneParam = z.object({ phone: api.Phone })
  app.get('/_dev/customers/:phone', async (request, reply) => {
    const parsed = PhoneParam.safeParse(request.params)
    if (!parsed.success) return bad(reply, parsed.error)
    return engine.exclusive(() => {
      const c = engine.state.byPhone.get(parsed.data.phone)
      if (!c) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no wallet with this phone number' } })
      const rec = engine.state.customer(c)
      return {
        customer: profileOf({ state: engine.state, config: engine.config, now: engine.now() }, rec),
        transactions: rec.txs.size,
        feedItems: rec.feed.length,
      }
    })
  })

  // Stands in for the counter visit that opens a 一类 wallet.
  app.post('/_dev/customers/:phone/counter', async (request, reply) => {
    const parsed = PhoneParam.safeParse(request.params)
    if (!parsed.success) return bad(reply, parsed.error)
    const c = engine.state.byPhone.get(parsed.data.phone)
    if (!c) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no wallet with this phone number' } })
    await engine.transact((unit) => unit.emit({ t: 'counter', c }))
    return { ok: true }
  })
}
