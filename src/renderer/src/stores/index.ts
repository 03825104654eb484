/**
 * Pinia setup stores, one file each. Everything comes from the api client (injected with
 * setApiClient in tests) and is refreshed by pushed events, never by polling.
 */
export { useEngineStore } from './engine'
export { usePullStore, PULL_DONE_KEEP_MS } from './pull'
export { useSettingsStore } from './settings'
export { useSnapshotStore } from './snapshot'
export { useTerminalStore, COMMAND_ECHO_MS, type TerminalRun } from './terminal'
export { asLessonDoc, type LessonDoc } from './lesson-doc'
export { useLessonStore, PROGRESS_FILE_MAX } from './lesson'
export { useUiStore, type Theme } from './ui'
