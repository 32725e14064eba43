import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BankAddress } from './bank-address'

/**
 * A plain HTTP relay between a wallet and its mock bank that remembers every credential the bank
 * hands out (string values of reply fields whose name says token or secret), so a test can look for
 * each one on disk afterwards. `down()` makes the bank unreachable for the wallet (connections
 * refused, kept-alive ones cut) without stopping the bank; `up()` brings it back on the same port.
 */
export interface RecordingProxy {
  /** Give this to the wallet: the proxy's URL with the bank's client secret, which it passes through. */
  address: BankAddress
  /** Every credential seen in a reply so far. */
  credentials: Set<string>
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

const CREDENTIAL_FIELD = /token|secret/i

function collect(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (CREDENTIAL_FIELD.test(key) && value.length >= 8) into.add(value)
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into, key)
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, into, k)
  }
}

export async function startRecordingProxy(bank: BankAddress): Promise<RecordingProxy> {
  const target = new URL(bank.url)
  const credentials = new Set<string>()
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers)
        const chunks: Buffer[] = []
        reply.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          res.write(chunk)
        })
        reply.on('end', () => {
          res.end()
          if (!String(reply.headers['content-type'] ?? '').includes('json')) return
          try {
            collect(JSON.parse(Buffer.concat(chunks).toString('utf8')), credentials)
          } catch {
            // not JSON after all: nothing to record
          }
        })
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  await listen(0)
  const port = (server.address() as AddressInfo).port
  return {
    address: { url: `http://127.0.0.1:${port}`, clientSecret: bank.clientSecret },
    credentials,
    down: stop,
    up: () => listen(port),
    close: () => (server.listening ? stop() : Promise.resolve()),
  }
}
