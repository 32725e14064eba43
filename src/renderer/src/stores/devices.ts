import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { SignedInDevice } from '@shared/contract'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

export type DevicesAction = 'load' | 'remove'

/** 登录设备: the devices signed in at the bank; removing one ends its sessions there at once. */
export const useDevicesStore = defineStore('devices', () => {
  const devices = shallowRef<SignedInDevice[]>([])
  const loaded = shallowRef(false)
  const { busy, error, canRetry, clearError, run, retry } = useAsyncAction<DevicesAction>()

  const apply = (value: { devices: SignedInDevice[] }) => {
    devices.value = value.devices
    loaded.value = true
  }

  const load = () => run('load', () => call('devices.list'), apply)
  const remove = (device: Pick<SignedInDevice, 'deviceId' | 'firstSeenAt'>) =>
    run('remove', () => call('devices.remove', { deviceId: device.deviceId, firstSeenAt: device.firstSeenAt }), apply)

  return { devices, loaded, busy, error, canRetry, clearError, retry, load, remove }
})
