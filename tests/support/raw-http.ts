import { request, type IncomingHttpHeaders } from 'node:http'
import { BANK_CLIENT_HEADER } from '../../src/shared/bank-api'

export interface RawReply {
  status: number
  headers: IncomingHttpHeaders
  text: string
  /** The body parsed as JSON when it is JSON. */
  json: unknown
}

export interface RawOptions {
  /** The Host header as sent (fetch would always send the URL's own). */
  host?: string
  /** The bank's client secret (BANK_CLIENT_HEADER); none when left out. */
  secret?: string
  headers?: Record<string, string>
  /** Sent as application/json. */
  json?: unknown
  /** Sent as is, with whatever content-type `headers` gives. */
  body?: string
}

/**
 * One HTTP request exactly as given, over node:http: the Host header, the client secret and the
 * content type are the test's to choose, as a hostile web page or program would.
 */
export function rawRequest(baseUrl: string, method: string, path: string, options: RawOptions = {}): Promise<RawReply> {
  const url = new URL(path, baseUrl)
  const headers: Record<string, string> = { ...options.headers }
  if (options.host !== undefined) headers.host = options.host
  if (options.secret !== undefined) headers[BANK_CLIENT_HEADER] = options.secret
  let body = options.body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try {
          json = text ? JSON.parse(text) : undefined
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
