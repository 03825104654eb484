/**
 * The preload: exposes ONE object, window.api, built from the contract. No raw ipcRenderer,
 * no Node. Context isolation and the sandbox stay on; this file is bundled whole.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENTS, isChannel, type Channel, type Envelope, type EventMap, type EventName, type LayerlabApi, type RequestOf, type ResponseOf } from '../shared/contract'

const api: LayerlabApi = {
  async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    if (!isChannel(channel)) throw new Error(`unknown channel: ${String(channel)}`)
    const envelope = (await ipcRenderer.invoke(channel, request)) as Envelope<ResponseOf<C>>
    if ('error' in envelope) {
      const err = new Error(envelope.error.message)
      err.name = envelope.error.name
      throw err
    }
    return envelope.result
  },
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (!EVENTS.includes(event)) throw new Error(`unknown event: ${String(event)}`)
    const wrapped = (_e: IpcRendererEvent, payload: EventMap[E]) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
}

contextBridge.exposeInMainWorld('api', api)
