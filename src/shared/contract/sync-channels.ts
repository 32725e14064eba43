import { z } from 'zod'
import { channel } from './define'
import { Text } from './text'
import { OutboxView, PlainSyncPageInput, SyncAck, SyncPage, SyncProgress, SyncStatus } from './sync'
import { ReplicaKey } from './replica'

export const syncChannels = {
  /** The renderer says where its replica is; main starts (or continues) syncing from there. */
  'sync.attach': channel(z.object({ cursor: Text(1024).nullable() }), SyncStatus),
  /** The renderer applied (or refused) the page that ends at `cursor`. */
  'sync.ack': channel(SyncAck, z.void()),
  /** Manual refresh. */
  'sync.now': channel(z.void(), SyncStatus),
  'sync.status': channel(z.void(), SyncStatus),
  /**
   * The replica's key for this customer (src/renderer/src/db/seal.ts imports it non-extractable); only
   * while unlocked. NOT_SIGNED_IN before anyone has signed in on this computer.
   */
  'replica.key': channel(z.void(), ReplicaKey),
  /** Seals rows of an older, unsealed replica (the upgrade in src/renderer/src/db/upgrade.ts), one page at a time. */
  'replica.seal': channel(PlainSyncPageInput, SyncPage),
  'outbox.list': channel(z.void(), z.array(OutboxView)),
  'outbox.cancel': channel(z.object({ id: Text(64) }), OutboxView),
}

export const syncEvents = {
  'sync.status': SyncStatus,
  'sync.progress': SyncProgress,
  /** The next page of the change feed for the replica; answered with sync.ack. */
  'sync.page': SyncPage,
  'outbox.changed': z.array(OutboxView),
  /** A queued payment waits for its payment password (待输入支付密码): the app restarted before it was sent. */
  'outbox.passwordNeeded': OutboxView,
}
