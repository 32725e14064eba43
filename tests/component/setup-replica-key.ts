import 'fake-indexeddb/auto'
import { beforeEach } from 'vitest'
import { unlockReplica } from './sealed-replica'

// Component tests run as an unlocked wallet: the renderer holds the test customer's replica key, as
// after `replica.key` (src/renderer/src/db/seal.ts). Tests of the locked state drop it themselves.
beforeEach(() => unlockReplica())
