/**
 * The bank's HTTP API, written once: the endpoint table (./endpoints.ts), the requests and answers
 * (./bodies.ts), the domain vocabulary both sides and the app's contract are made of (./domain.ts,
 * ./tiers.ts, ./kinds.ts), what every request and answer carries (./http.ts), and the mock bank's
 * development endpoints (./dev.ts). The error codes themselves are src/shared/errors.ts.
 */
export * from './kinds'
export * from './tiers'
export * from './http'
export * from './domain'
export * from './bodies'
export * from './dev'
export * from './endpoints'
