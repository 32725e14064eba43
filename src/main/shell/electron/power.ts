import { LOCKING_SYSTEM_EVENTS } from '../session-hygiene'

/** The part of Electron's powerMonitor this needs (an EventEmitter in tests). */
export interface SystemEventsLike {
  on(event: string, listener: () => void): unknown
  off(event: string, listener: () => void): unknown
}

/** Locks the wallet when the computer sleeps or its screen locks (src/main/shell/session-hygiene.ts); returns the undo. */
export function lockOnSystemEvents(monitor: SystemEventsLike, lock: () => void): () => void {
  const listener = () => lock()
  for (const event of LOCKING_SYSTEM_EVENTS) monitor.on(event, listener)
  return () => {
    for (const event of LOCKING_SYSTEM_EVENTS) monitor.off(event, listener)
  }
}
