/**
 * Electron IPC: every contract channel registered once from the contract's list; every payload
 * validated; every call from a frame other than the app's own refused.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { CHANNELS, type Emit, type EventMap, type EventName, type Handlers } from '../shared/contract'
import { dispatch } from './dispatch'

export function registerIpc(handlers: Handlers, isTrustedUrl: (url: string) => boolean): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedUrl(url)) {
        return { error: { name: 'SecurityError', message: `refused ${channel} from an untrusted frame` } }
      }
      return dispatch(handlers, channel, payload)
    })
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel)
  }
}

/** Pushes contract events to the given windows' renderers. */
export function createEmitter(targets: () => WebContents[]): Emit {
  return <E extends EventName>(event: E, payload: EventMap[E]) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(event, payload)
  }
}
