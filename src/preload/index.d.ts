import type { LayerlabApi } from '../shared/contract'

declare global {
  interface Window {
    /** Present in Electron (the preload); absent in browser mode, where the api client uses the WebSocket. */
    api?: LayerlabApi
  }
}

export {}
