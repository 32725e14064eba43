import type { ServerResponse } from 'node:http'
import Fastify, { type FastifyError } from 'fastify'
import { systemClock, type Clock } from '../shared/clock'
import { BANK_TIME_HEADER } from '../shared/bank-api'
import { resolveConfig, type BankConfig, type BankConfigOverrides } from './config'
import { Engine } from './engine'
import { BankError } from './errors'
import { Faults } from './faults'
import { accountRoutes } from './http/routes-account'
import { devRoutes, moveClock } from './http/routes-dev'
import { merchantRoutes } from './http/routes-merchant'
import { moneyRoutes } from './http/routes-money'
import { seedBank, type SeedSpec, type SeedReport } from './seed'

/**
 * The mock bank: an HTTP JSON API on loopback that behaves like a bank (rules, limits, failures),
 * backed by a crash-safe journal under `dataDir`. The wallet reaches it only through its URL.
 */
export interface BankServerOptions {
  dataDir: string
  clock?: Clock
  /** 0 (default) picks a free port. */
  port?: number
  /** Loopback only. */
  host?: string
  seed?: SeedSpec
  config?: BankConfigOverrides
  /** Receives one line per request (method, path, status, ms) when set. */
  log?: (line: string) => void
}

export interface BankServer {
  url: string
  port: number
  config: BankConfig
  /** What seeding created, when `seed` was given. */
  seeded: SeedReport | undefined
  /** The bank's time (the injected clock plus the development offset), and ways to move it. */
  clock: {
    now(): number
    advance(ms: number): Promise<number>
    set(ms: number): Promise<number>
  }
  /** Bytes cut off an interrupted last journal write when the bank opened (0 after a clean stop). */
  recoveredTornBytes: number
  /** Every route it serves (HEAD aside): the table's endpoints and the development routes. */
  routes: readonly { method: string; url: string }[]
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function listeningLine(url: string): string {
  return `mock bank listening on ${url}`
}

export async function createBankServer(options: BankServerOptions): Promise<BankServer> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new Error(`the mock bank listens on loopback only, not ${host}`)
  const config = resolveConfig(options.config)
  const engine = await Engine.open(options.dataDir, config, options.clock ?? systemClock)
  let seeded: SeedReport | undefined
  try {
    if (options.seed !== undefined) seeded = await seedBank(engine, options.seed)
  } catch (error) {
    await engine.close()
    throw error
  }

  const faults = new Faults()
  const streams = new Set<ServerResponse>()
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true })
  // Every answer carries the bank's clock, which the development routes can move: clients judge the
  // age of what the bank remembers in the bank's time.
  app.addHook('onSend', async (_request, reply) => {
    reply.header(BANK_TIME_HEADER, String(engine.now()))
  })
  const log = options.log
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
    })
  }
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof BankError) return reply.code(error.status).send(error.toBody())
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(400).send({ error: { code: 'INVALID_INPUT', message: error.message } })
    }
    log?.(`internal error: ${error.stack ?? error.message}`)
    const unavailable = engine.failed !== undefined
    return reply.code(unavailable ? 503 : 500).send({
      error: {
        code: unavailable ? 'BANK_UNAVAILABLE' : 'INTERNAL',
        message: unavailable ? 'the bank stopped after a storage failure' : 'internal error',
      },
    })
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } }))

  const routes: { method: string; url: string }[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  const env = { engine, faults }
  accountRoutes(app, env)
  moneyRoutes(app, env)
  merchantRoutes(app, env)
  devRoutes(app, { engine, faults, streams })

  try {
    await app.listen({ host, port: options.port ?? 0 })
  } catch (error) {
    await engine.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  let closed = false
  return {
    url,
    port,
    config,
    seeded,
    recoveredTornBytes: engine.recoveredTornBytes,
    routes,
    clock: {
      now: () => engine.now(),
      advance: async (ms) => (await moveClock(engine, { advanceMs: ms })).now,
      set: async (ms) => (await moveClock(engine, { setMs: ms })).now,
    },
    async close() {
      if (closed) return
      closed = true
      for (const stream of streams) stream.end()
      await app.close()
      await engine.close()
    },
  }
}

export type { SeedSpec, SeedReport } from './seed'
export {
  SPECIAL_CARDS,
  CARD_FROZEN,
  CARD_NOT_OWNED,
  CARD_EXPIRED,
  CARD_LOW_BALANCE,
  DEMO_MERCHANT_KEY,
  HOUSEHOLD_WITH_BILL,
  HOUSEHOLD_PAID_UP,
  HOUSEHOLD_UNKNOWN,
} from './catalog'
export { DEMO_CUSTOMER, DEMO_PAYEE, BULK_CUSTOMER } from './seed'
