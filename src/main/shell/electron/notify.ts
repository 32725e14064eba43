import { Notification } from 'electron'
import type { NotificationSpec } from '../notifications'

/** Shown notifications, kept until clicked or closed: one collected earlier would lose its click handler. */
const alive = new Set<Notification>()

/** Shows one OS notification (src/main/shell/notifications.ts decides whether and what); a click runs `onClick`. */
export function showNotification(spec: NotificationSpec, onClick: () => void): void {
  if (!Notification.isSupported()) return
  const note = new Notification({ title: spec.title, body: spec.body })
  alive.add(note)
  const forget = () => alive.delete(note)
  note.on('click', () => {
    forget()
    onClick()
  })
  note.on('close', forget)
  note.on('failed', forget)
  note.show()
}
