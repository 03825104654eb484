/**
 * All English messages as one tree (en.ts with en-panels.ts), for tests: the app itself merges the
 * panels' messages in when it first opens one of them (loadPanelMessages in ./index.ts).
 */
import en from './en'
import enPanels from './en-panels'
import type { Messages } from '.'

export default { ...en, ...enPanels, settings: { ...en.settings, ...enPanels.settings } } satisfies Messages
