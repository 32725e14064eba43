import { nextTick, onBeforeUnmount, ref } from 'vue'
import jsQR from 'jsqr'

/** The text of the QR code in a picture (a chosen file, a pasted screenshot); undefined when none is found. */
export async function readQrImage(file: Blob): Promise<string | undefined> {
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new Error('image'))
      img.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = img.naturalWidth
    canvas.height = img.naturalHeight
    const ctx = canvas.getContext('2d')
    if (!ctx) return undefined
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(data.data, data.width, data.height)?.data
  } catch {
    return undefined
  } finally {
    URL.revokeObjectURL(url)
  }
}

/**
 * The camera, where there is one: its frames are decoded until a QR code is found (handed to `found`)
 * or the user closes it. Bind `video` to a <video> shown while `on`; the camera stops with the component.
 */
export function useQrCamera(found: (text: string) => Promise<unknown>) {
  const available = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia)
  const on = ref(false)
  const video = ref<HTMLVideoElement>()
  let stream: MediaStream | undefined
  let frame = 0

  function stop(): void {
    cancelAnimationFrame(frame)
    stream?.getTracks().forEach((track) => track.stop())
    stream = undefined
    on.value = false
  }

  /** Opens the camera and starts looking; false when there is no camera or the user refused it. */
  async function start(): Promise<boolean> {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    } catch {
      return false
    }
    on.value = true
    await nextTick()
    const el = video.value
    if (!el) {
      stop()
      return true
    }
    el.srcObject = stream
    await el.play().catch(() => {})
    const canvas = document.createElement('canvas')
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    const look = async () => {
      if (!on.value || !ctx) return
      if (el.videoWidth > 0) {
        canvas.width = el.videoWidth
        canvas.height = el.videoHeight
        ctx.drawImage(el, 0, 0)
        const text = jsQR(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data
        if (text) {
          stop()
          await found(text)
          return
        }
      }
      frame = requestAnimationFrame(() => void look())
    }
    frame = requestAnimationFrame(() => void look())
    return true
  }

  onBeforeUnmount(stop)

  return { available, on, video, start, stop }
}
