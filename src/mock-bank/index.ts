import { renameSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { systemClock, type Clock } from '../shared/clock'
import { BANK_TIME_HEADER, type SmsMessage } from '../shared/bank-api'
import { resolveConfig, type BankConfig, type BankConfigOverrides } from './config'
import { Engine } from './engine'
import { BankKeyMismatchError } from './keys'
import { BankError } from './errors'
import { Faults } from './faults'
import { clientGuard } from './http/client-guard'
import { accountRoutes } from './http/routes-account'
import { devRoutes, moveClock } from './http/routes-dev'
import { merchantRoutes } from './http/routes-merchant'
import { moneyRoutes } from './http/routes-money'
import { toSmsMessage } from './ops/sms'
import { seedBank, type SeedSpec, type SeedReport } from './seed'
import type { BankEvent } from './state'

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
  /**
   * The per-launch secret its one client sends in `x-bank-client` (src/shared/bank-api/http.ts
   * BANK_CLIENT_HEADER), at least 16 characters; every request without it is refused with 403
   * CLIENT_NOT_TRUSTED. `null` turns the check off, for `npm run bank -- --no-client-secret` only. The
   * Host check (127.0.0.1:<port> or localhost:<port>) holds either way.
   */
  clientSecret: string | null
  /**
   * Serve the development routes (`/_dev/*`, src/shared/bank-api/dev.ts DEV_API): the SMS inbox, faults,
   * the clock, the ledger, customers. For the harness, the tests and `npm run bank -- --dev-routes`;
   * never for the app's embedded bank. Default false.
   */
  devRoutes?: boolean
  /**
   * The key (32 bytes or more) under which the bank seals the secrets in its journal and keys its
   * request fingerprints (src/mock-bank/keys.ts), for a host that keeps keys in a keystore. Without it
   * the bank makes one at its first start and keeps it in `<dataDir>/bank.key`. A folder that has its
   * own key and is given the host's moves to the host's and loses bank.key (keys.ts adoptHostKey).
   *
   * A promise: the bank listens at once (its URL is known) and opens its storage when the key comes
   * (the app's bank gets it from the wallet's secret store once the vault opens, which may wait for the
   * user's master passphrase). Meanwhile a request waits up to `keyWaitMs`, then is answered 503
   * BANK_UNAVAILABLE (nothing done: the wallet retries); `ready` says when it is open.
   */
  storageKey?: Uint8Array | Promise<Uint8Array>
  /** How long a request waits for the storage key before 503 BANK_UNAVAILABLE (default 5 s). */
  keyWaitMs?: number
  /**
   * When the journal does not open with `storageKey` (sealed under another key: the host lost its keys
   * and made new ones), move the folder aside to `<dataDir>.unreadable-<time>` (kept, never deleted),
   * report it, and start an empty bank in its place, seeded with `seed`. Without this, opening fails
   * with BankKeyMismatchError and nothing changes.
   */
  setAsideUnreadable?: { seed?: SeedSpec; onSetAside?: (dir: string) => void }
}

export interface BankServer {
  url: string
  port: number
  config: BankConfig
  /** Resolves once the storage is open and requests are served (at once unless `storageKey` was a promise). */
  ready: Promise<void>
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
  /** Every route it serves (HEAD aside): the table's endpoints and, with `devRoutes`, the development routes. */
  routes: readonly { method: string; url: string }[]
  /** The secret its client must send (null when started without one). */
  clientSecret: string | null
  devRoutes: boolean
  /**
   * The SMS outlet: every message the bank sends, handed over in-process as a phone would receive it
   * (no real SMS exists; src/main/platform/bank/embedded.ts wires this to the app's 模拟短信
   * notification). Answers the function that stops the delivery.
   */
  onSms(listener: (sms: SmsMessage) => void): () => void
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function listeningLine(url: string): string {
  return `mock bank listening on ${url}`
}

/**
 * The line development tools print (before the listening line) so that whoever started them can reach
 * the bank: `npm run bank` and the harness. The app never prints it.
 */
export function clientSecretLine(secret: string): string {
  return `mock bank client secret ${secret}`
}

export async function createBankServer(options: BankServerOptions): Promise<BankServer> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new Error(`the mock bank listens on loopback only, not ${host}`)
  const config = resolveConfig(options.config)
  const clock = options.clock ?? systemClock
  const log = options.log
  const keyWaitMs = options.keyWaitMs ?? 5_000

  // The socket is ours, not Fastify's: it listens at once, so the URL exists before the engine opens
  // (a host whose key comes later, src/main/platform/bank/embedded.ts), and Fastify, built once the
  // engine is open, gets its requests through `serve`. Until then a request waits up to keyWaitMs.
  const server = createServer()
  let serve: ((request: IncomingMessage, response: ServerResponse) => void) | undefined
  let opened: Opened | undefined
  let closed = false
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
  // A host that never awaits `ready` hears of a failure from the 503 answers; not an unhandled rejection.
  ready.catch(() => undefined)
  let failure: unknown
  server.on('request', (request, response) => {
    if (serve) return serve(request, response)
    if (failure !== undefined || closed) return unavailable(response, 'the bank could not open its storage')
    let waited = false
    const timer = setTimeout(() => {
      waited = true
      unavailable(response, 'the bank is not open yet: its storage key has not arrived')
    }, keyWaitMs)
    ready.then(
      () => {
        clearTimeout(timer)
        if (!waited && serve) serve(request, response)
      },
      () => {
        clearTimeout(timer)
        if (!waited) unavailable(response, 'the bank could not open its storage')
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const hostPart = host.includes(':') ? `[${host}]` : host
  const url = `http://${hostPart}:${port}`
  const ownHosts: ReadonlySet<string> = new Set([`${hostPart}:${port}`, `localhost:${port}`])
  const smsListeners = new Set<(sms: SmsMessage) => void>()

  async function stopListening(): Promise<void> {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  async function open(storageKey: Uint8Array | undefined): Promise<void> {
    if (closed) throw new Error('the bank was closed before it opened')
    let seed = options.seed
    let engine: Engine
    try {
      engine = await Engine.open(options.dataDir, config, clock, storageKey)
    } catch (error) {
      const setAside = options.setAsideUnreadable
      if (!(error instanceof BankKeyMismatchError) || !setAside) throw error
      // Nothing in the folder can be read with the key the host has: keep it (under another name, in
      // case the old key turns up) and start an empty bank where it was.
      const aside = `${options.dataDir}.unreadable-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`
      renameSync(options.dataDir, aside)
      setAside.onSetAside?.(aside)
      seed = setAside.seed
      engine = await Engine.open(options.dataDir, config, clock, storageKey)
    }
    try {
      if (closed) throw new Error('the bank was closed before it opened')
      const seeded = seed === undefined ? undefined : await seedBank(engine, seed)
      const built = await buildApp(engine)
      engine.onCommit((events) => deliverSms(engine, events))
      opened = { engine, app: built.app, routes: built.routes, seeded }
      serve = built.handler
    } catch (error) {
      await engine.close()
      throw error
    }
  }

  function deliverSms(engine: Engine, events: readonly BankEvent[]): void {
    for (const event of events) {
      if (event.t !== 'sms.sent') continue
      const rec = engine.state.smsLog.get(event.phone)?.find((m) => m.id === event.id)
      if (!rec) continue
      for (const listener of smsListeners) {
        // The SMS is committed already: whatever the listener does must not turn the answer into a failure.
        try {
          listener(toSmsMessage(rec))
        } catch (error) {
          log?.(`sms listener failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    }
  }

  async function buildApp(engine: Engine) {
    let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined
    const app = Fastify({
      logger: false,
      bodyLimit: 1024 * 1024,
      serverFactory: (fastifyHandler) => {
        handler = fastifyHandler
        return server
      },
    })
    clientGuard(app, { secret: options.clientSecret, hosts: () => ownHosts })
    // Every answer carries the bank's clock, which the development routes can move: clients judge the
    // age of what the bank remembers in the bank's time.
    app.addHook('onSend', async (_request, reply) => {
      reply.header(BANK_TIME_HEADER, String(engine.now()))
    })
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
      const unavailableNow = engine.failed !== undefined
      return reply.code(unavailableNow ? 503 : 500).send({
        error: {
          code: unavailableNow ? 'BANK_UNAVAILABLE' : 'INTERNAL',
          message: unavailableNow ? 'the bank stopped after a storage failure' : 'internal error',
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
    if (withDevRoutes) devRoutes(app, env)
    await app.ready()
    if (!handler) throw new Error('fastify did not hand over its request handler')
    return { app, routes, handler }
  }

  const faults = new Faults()
  const withDevRoutes = options.devRoutes === true
  let keyArrived = false
  const opening = (async () => {
    const key = await options.storageKey
    keyArrived = true
    return open(key)
  })()
  opening.then(
    () => settle?.resolve(),
    (error: unknown) => {
      failure = error
      settle?.reject(error)
    },
  )
  // A key at hand: the bank is open (or has failed) before this returns, as it always was.
  if (!isPromise(options.storageKey)) {
    try {
      await opening
    } catch (error) {
      closed = true
      await stopListening()
      throw error
    }
  }

  const whenOpen = async (): Promise<Engine> => {
    await ready
    if (!opened) throw new Error('the bank is not open')
    return opened.engine
  }

  return {
    url,
    port,
    config,
    ready,
    get seeded() {
      return opened?.seeded
    },
    get recoveredTornBytes() {
      return opened?.engine.recoveredTornBytes ?? 0
    },
    get routes() {
      return opened?.routes ?? []
    },
    clientSecret: options.clientSecret,
    devRoutes: withDevRoutes,
    onSms(listener) {
      smsListeners.add(listener)
      return () => smsListeners.delete(listener)
    },
    clock: {
      now: () => (opened ? opened.engine.now() : clock.now()),
      advance: async (ms) => (await moveClock(await whenOpen(), { advanceMs: ms })).now,
      set: async (ms) => (await moveClock(await whenOpen(), { setMs: ms })).now,
    },
    async close() {
      if (closed && !opened) return
      closed = true
      // A key that never came leaves nothing to wait for; one that comes later finds the bank closed.
      if (keyArrived) await opening.catch(() => undefined)
      const current = opened
      opened = undefined
      serve = undefined
      if (current) {
        await current.app.close()
        await stopListening()
        await current.engine.close()
      } else if (server.listening) {
        await stopListening()
      }
    },
  }
}

interface Opened {
  engine: Engine
  app: FastifyInstance
  routes: { method: string; url: string }[]
  seeded: SeedReport | undefined
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function'
}

function unavailable(response: ServerResponse, message: string): void {
  if (response.headersSent) return
  response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
  response.end(JSON.stringify({ error: { code: 'BANK_UNAVAILABLE', message } }))
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
export { BankKeyMismatchError } from './keys'
