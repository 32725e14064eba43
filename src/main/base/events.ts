import type { EventName, EventPayload } from '../../shared/contract'

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** Fan-out of main → renderer events; each transport adapter subscribes once and forwards. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void
  subscribe(listener: EventListener): () => void
}

export function createEventBus(onListenerError: (error: unknown) => void = (e) => console.error('[events]', e)): EventBus {
  const listeners = new Set<EventListener>()
  return {
    emit(name, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(name, payload)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
