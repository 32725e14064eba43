import { z } from 'zod'
import { LINK_FLAGS } from '../link-guard'
import { channel } from './define'
import { SessionStatus } from './activation'
import { Text } from './text'

/** A device the customer has signed in on, as 登录设备 shows it. */
export const SignedInDevice = z.object({
  deviceId: z.string(),
  name: z.string(),
  os: z.string(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** This computer. */
  current: z.boolean(),
})
export type SignedInDevice = z.infer<typeof SignedInDevice>

/** One message of 消息中心, as the bank keeps it. */
export const InboxMessage = z.object({
  messageId: z.string(),
  sender: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.enum(['notice', 'promotion', 'security']),
  createdAt: z.number(),
  read: z.boolean(),
})
export type InboxMessage = z.infer<typeof InboxMessage>

export const LinkFlag = z.enum(LINK_FLAGS)

export const accountChannels = {
  /** The devices signed in to this wallet at the bank, this one first. */
  'devices.list': channel(z.void(), z.object({ devices: z.array(SignedInDevice) })),
  /** Forgets another device at the bank and ends its sessions at once; answers the list after. */
  'devices.remove': channel(
    z.object({ deviceId: Text(128).min(1), firstSeenAt: z.number().int().nonnegative() }),
    z.object({ devices: z.array(SignedInDevice) }),
  ),
  /**
   * 退出登录: the bank's session is revoked, the token forgotten and the wallet locked; the data on this
   * computer stays, sealed. Signing in again (SignInView) opens it.
   */
  'session.signOut': channel(z.void(), SessionStatus),
  /** The whole inbox as the bank has it now: the renderer's replica is replaced by it (src/renderer/src/db/messages.ts). */
  'messages.list': channel(z.void(), z.object({ messages: z.array(InboxMessage) })),
  'messages.read': channel(z.object({ messageId: Text(64).min(1) }), z.null()),
  'messages.delete': channel(z.object({ messageId: Text(64).min(1) }), z.null()),
  /**
   * Opens a link in the user's browser. Main decides again with the same guard (src/shared/link-guard.ts):
   * a refused link never opens; a flagged one only with every one of its flags in `confirmedFlags`
   * (the renderer's second confirmation).
   */
  'link.open': channel(z.object({ url: Text(8192), confirmedFlags: z.array(LinkFlag).max(LINK_FLAGS.length) }).strict(), z.object({ url: z.string() })),
}
