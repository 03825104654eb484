/**
 * The one IPC contract. Every channel is named once here, with its request and response types
 * and the runtime schema of its request. Main (ipcMain), preload (window.api), the browser-mode
 * server (WebSocket) and the renderer's api client all use these constants, never raw strings.
 */
import * as v from 'valibot'
import type { Snapshot, EngineKind } from '../domain/snapshot'
import type { DockerEvent, LayerFileEntry, LayerListing } from '../domain/types'
import type { MirrorErrorCode } from './registry-mirror'
export type { MirrorErrorCode } from './registry-mirror'

// ---------- DTOs ----------

/**
 * Why an endpoint did or did not answer usably, as a code the renderer words in the UI language
 * (settings.reasons.*, settings.details.*, badge.reasons.*), like CONFIRM_ACTIONS. `notTried`: the
 * selection's time budget was used up before this endpoint; `http`: GET /version answered another
 * status than 200; `error`: the daemon answered the probe but connecting the live engine failed;
 * `dockerHostSet`: not tried because DOCKER_HOST names the one endpoint to use, as the docker CLI
 * does (engine:probe with `others: true` tries them anyway).
 */
export const PROBE_REASONS = ['ok', 'notFound', 'permissionDenied', 'refused', 'reset', 'timeout', 'notTried', 'dockerHostSet', 'http', 'notDocker', 'apiTooOld', 'apiTooNew', 'malformed', 'error', 'other'] as const
export type ProbeReason = (typeof PROBE_REASONS)[number]

/**
 * Why a typed endpoint (or DOCKER_HOST, a docker context's host) could not be parsed, as a code
 * the settings dialog words (settings.endpointErrors.*) under the `malformed` reason: `empty`;
 * `noScheme` (no `scheme://`: 'tcp//x', 'unix:', '/var/run/docker.sock'); `scheme` (a scheme Layerlab
 * cannot connect through, e.g. ssh://; params.scheme); `unixPath` (a unix socket path that is not
 * absolute); `npipe` (not npipe:////./pipe/<name>); `host` (no host name or IP address, or more than host:port,
 * after tcp://, http:// or https://; params.scheme, the one typed);
 * `port` (not a number from 1 to 65535; params.port). Thrown by parseDockerHost (src/main/endpoints.ts).
 */
export const ENDPOINT_ERRORS = ['empty', 'noScheme', 'scheme', 'unixPath', 'npipe', 'host', 'port'] as const
export type EndpointErrorCode = (typeof ENDPOINT_ERRORS)[number]

/** The facts a probe reason is worded with (which code has which: describeError and probeEndpoint in src/main/engine-select.ts). */
export interface ProbeParams {
  /** the socket path or host:port tried */
  path?: string
  /** timeout: the probe's time limit */
  ms?: number
  /** http: the status GET /version answered */
  status?: number
  /** apiTooOld / apiTooNew: the daemon's version and API version, and Layerlab's bounds */
  version?: string
  api?: string
  min?: string
  max?: string
  /** other: the OS error code, lower case ('ehostunreach') */
  errno?: string
  /** malformed: what is wrong with the endpoint, and the part at fault (scheme: 'ssh', or for host the tcp-like one typed, 'https'; port: '99999') */
  error?: EndpointErrorCode
  scheme?: string
  port?: string
  /** malformed noScheme: the endpoint it most likely meant ('tcp://localhost:2375') */
  suggest?: string
}

const ProbeParamsSchema = v.strictObject({
  path: v.optional(v.string()),
  ms: v.optional(v.number()),
  status: v.optional(v.number()),
  version: v.optional(v.string()),
  api: v.optional(v.string()),
  min: v.optional(v.string()),
  max: v.optional(v.string()),
  errno: v.optional(v.string()),
  error: v.optional(v.picklist(ENDPOINT_ERRORS)),
  scheme: v.optional(v.string()),
  port: v.optional(v.string()),
  suggest: v.optional(v.pipe(v.string(), v.maxLength(1100))),
})

/** Which engine answered on an endpoint: Docker, or Podman's Docker-compatible API. */
export const PRODUCTS = ['docker', 'podman'] as const
export type Product = (typeof PRODUCTS)[number]

/** The shape of one endpoint attempt as main sends it (engine:probe, EngineStatus.tried); tests hold main's probe to it. */
export const EndpointAttemptSchema = v.strictObject({
  endpoint: v.string(),
  source: v.string(),
  ok: v.boolean(),
  reason: v.string(),
  code: v.picklist(PROBE_REASONS),
  params: v.optional(ProbeParamsSchema),
  hint: v.optional(v.string()),
  detail: v.optional(v.string()),
  daemonVersion: v.optional(v.string()),
  apiVersion: v.optional(v.string()),
  product: v.optional(v.picklist(PRODUCTS)),
})

export interface EndpointAttempt {
  endpoint: string // 'unix:///var/run/docker.sock'
  source: string // 'DOCKER_HOST', 'context "desktop-linux"', 'default socket', ...
  ok: boolean
  /** main's English word for logs and the badge's tooltip: 'not found', 'permission denied', 'timeout', 'API too old', ... */
  reason: string
  /** the same, as a code the renderer translates */
  code: ProbeReason
  params?: ProbeParams
  /** main's English sentence about it (logs, tests); the renderer words `code` + `params` instead */
  hint?: string
  /** the OS's or the daemon's own text, untranslated ('connect ENOENT /var/run/docker.sock', an HTTP body); never Layerlab's own words (a malformed endpoint has none: params.error says what is wrong) */
  detail?: string
  /** when the endpoint answered: the daemon's version and API version */
  daemonVersion?: string
  apiVersion?: string
  /** when the endpoint answered: Docker or Podman */
  product?: Product
}

/** engine:probe — every endpoint tried (or the one typed), and whether any answered usably. */
export interface EngineProbe {
  tried: EndpointAttempt[]
  ok: boolean
}

/**
 * engine:select — the engine now in use, or a typed endpoint refused before anything changed: a
 * malformed one (`refused` is the attempt engine:probe reports for it: code 'malformed', params.error
 * from ENDPOINT_ERRORS, worded by the renderer; its `hint` is the parser's English, for logs), and
 * `status` the engine still in use. A refusal is an answer, not an error (as settings:setMirror's).
 */
export type EngineSelectResult = { ok: true; status: EngineStatus } | { ok: false; refused: EndpointAttempt; status: EngineStatus }

/** One layer of a pull, as docker reports it ('Waiting', 'Downloading', 'Extracting', 'Already exists', 'Pull complete', ...). */
export interface PullLayer {
  id: string
  status: string
  current?: number
  total?: number
}

/** pull:progress — the state of one pull (typed, implied by run/create, or a lesson's "Show me"). */
export interface PullProgress {
  pullId: string
  runId: string
  ref: string
  state: 'running' | 'done' | 'cancelled' | 'failed'
  layers: PullLayer[]
  /** the last status line without a layer id ('Digest: …', 'Status: …') or the error */
  message: string
  startedAt: number
  endedAt: number | null
}

export interface EngineStatus {
  kind: EngineKind
  /** one line for the badge: 'Simulator — no Docker socket at /var/run/docker.sock' */
  reason: string
  endpoint: string | null
  version: string | null
  apiVersion: string | null
  /** live: which engine answers (the badge says 'Podman 4.3.1', not 'Docker 4.3.1'); null in the simulator */
  product?: Product | null
  connected: boolean
  tried: EndpointAttempt[]
  mode: EngineMode
}

export type EngineMode = 'auto' | 'simulator' | 'live'

export interface TerminalResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface TerminalOutput {
  runId: string
  stream: 'stdout' | 'stderr'
  data: string
}

export interface EngineChange {
  event: DockerEvent | null
  /** Monotonic counter (as Snapshot.revision): up by one with every change main announces, across engine switches; never a clock. */
  revision: number
}

export type Locale = 'en' | 'zh-CN'

export interface I18nText {
  en: string
  'zh-CN': string
}

export interface LessonSummary {
  id: string
  sequence: string
  title: I18nText
  summary: I18nText
  steps: number
  kind: 'lesson' | 'challenge' | 'quiz'
}

export interface StepState {
  index: number
  passed: boolean
}

export interface LessonProgress {
  lessonId: string
  currentStep: number // index of the first step not yet passed; === steps when done
  passed: boolean[]
  completed: boolean
  commands: number
  /**
   * The sandbox the lesson's work is in (`sim:<id>` or `live:<endpoint>`), recorded when it began;
   * 'imported' for a lesson under way in an imported file that does not say. Absent in files
   * written before it existed.
   */
  sandbox?: string
  /**
   * Not saved: set when a lesson under way was resumed in a simulator sandbox that does not hold its
   * work (progress imported from another computer, a sandbox started fresh): its setup ran again and
   * the solutions of the `steps` passed were replayed, so the next step finds what it expects;
   * `failed`, the replayed command that failed (replaying stopped there).
   */
  caughtUp?: { steps: number; failed?: string }
  /**
   * Not saved: set when a lesson under way was resumed on a live daemon that does not hold its work
   * (it was done in the simulator or on another daemon): the number of steps passed there. Nothing
   * is replayed on a real daemon unasked; `lessons:catchUp` does it once the learner says so (the
   * lesson panel offers it beside "Start over").
   */
  catchUpOffer?: number
  /**
   * Not saved: set on the progress pushed right after a `docker pull` (typed or in the lesson's
   * setup) failed on a live daemon because no registry could be reached; the image it wanted.
   * The lesson panel then says so and offers the simulator.
   */
  offlinePull?: string
  /**
   * Not saved: set when the lesson's setup did not run because a container name it needs is
   * already taken (the learner's own container, or one left from an earlier start of the lesson).
   */
  nameTaken?: string
  /**
   * With nameTaken: a free name the holder can be given (`<name>-mine`, `-mine-2`…), which
   * `lessons:renameHolder` uses once the learner has confirmed.
   */
  nameTakenRename?: string
}

/**
 * Why a progress file was refused, as a code the renderer translates (en, zh-CN): empty, not JSON,
 * JSON but not an object of progress, another format version, or an entry (`field`, a dotted path) missing or of the wrong kind.
 */
export interface ProgressImportReason {
  code: 'empty' | 'notJson' | 'notProgress' | 'version' | 'field'
  /** for 'field': the entry, e.g. lessons.image-vs-container.passed */
  field?: string
  /** for 'version': the version the file says it has */
  version?: string
}

/** progress:import: the new progress, or why the file was refused (nothing changed then). */
export type ProgressImportResult = { ok: true; progress: ProgressFile } | { ok: false; reason: ProgressImportReason; message: string }

export interface ProgressFile {
  version: 1
  locale: Locale | null
  activeLesson: string | null
  lessons: Record<string, LessonProgress>
  /** the first-run welcome was dismissed (absent in files written before it existed) */
  welcomed?: boolean
}

/** A challenge's goal, drawn beside the learner's graph: the state its best solution reaches. */
export interface ChallengeGoal {
  lessonId: string
  /** setup + best solution replayed on a throwaway simulator */
  snapshot: Snapshot
  best: number | null
  solution: string[]
}

/** progress:export — the progress file as text, for the renderer to offer as a download. */
export interface ProgressExport {
  filename: string
  text: string
}

/** files:get — the file lists behind the layer file browser (dive-like). */
export interface LayerFilesView {
  kind: 'image' | 'container'
  /** The image whose layers are listed (for a container: the image it runs). */
  imageId: string
  /** The image's layers, bottom first (match Snapshot image.layers). */
  layers: LayerListing[]
  /** A container's writable layer; null for an image. */
  writable: LayerFileEntry[] | null
}

/** engine:undo — the simulator's sandbox put back as it was before the last command that changed it. */
export interface UndoResult {
  ok: boolean
  /** The command line undone. */
  undone: string | null
  /** How many more commands can be undone. */
  remaining: number
  /** Why nothing was undone: a live engine, or nothing left. */
  reason: 'live' | 'empty' | null
  message: string
}

/** The registry mirror for Docker Hub pulls (src/shared/registry-mirror.ts), as the settings screen shows it. */
export interface MirrorSetting {
  /** the mirror pulls use now (normalised `host[:port][/path]`), or null: Docker Hub directly */
  effective: string | null
  /** where `effective` comes from: LAYERLAB_REGISTRY_MIRROR wins over the saved setting */
  source: 'env' | 'settings' | 'none'
  /** what the settings file holds, or null */
  saved: string | null
  /** LAYERLAB_REGISTRY_MIRROR as set (raw text), or null when unset */
  env: string | null
  /** why LAYERLAB_REGISTRY_MIRROR is not used (it does not validate), else null */
  envError: MirrorErrorCode | null
}

/** settings.json could not be used at start: it was renamed aside (kept, never deleted). */
export interface SettingsNotice {
  code: 'corrupt' | 'unreadable'
  /** the file renamed aside, or null (unreadable: left where it is) */
  aside: string | null
  /** English detail, for logs and tests */
  detail: string
}

export interface SettingsView {
  registryMirror: MirrorSetting
  notice: SettingsNotice | null
}

/** settings:setMirror — saved and applied, or refused with a code the renderer translates (nothing changes). */
export type SetMirrorResult =
  | { ok: true; settings: SettingsView }
  | { ok: false; reason: MirrorErrorCode; message: string; settings: SettingsView }

export interface AppInfo {
  transport: 'electron' | 'web'
  version: string
  platform: string
}

// ---------- request schemas ----------

/** the largest progress file import accepts (characters) */
export const PROGRESS_IMPORT_MAX = 1_000_000

const Empty = v.optional(v.union([v.undefined(), v.null(), v.strictObject({})]))
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^[A-Za-z0-9._:/@-]+$/, 'invalid id'))

export const schemas = {
  'app:info': Empty,
  'engine:status': Empty,
  'engine:select': v.strictObject({
    mode: v.picklist(['auto', 'simulator', 'live']),
    endpoint: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  }),
  'engine:probe': v.optional(
    v.union([v.undefined(), v.null(), v.strictObject({ endpoint: v.optional(v.pipe(v.string(), v.maxLength(1000))), others: v.optional(v.boolean()) })]),
  ),
  'engine:snapshot': Empty,
  'terminal:run': v.strictObject({
    line: v.pipe(v.string(), v.maxLength(100_000)),
    runId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  }),
  'lessons:list': Empty,
  'lessons:get': v.strictObject({ id: Id }),
  'lessons:start': v.strictObject({ id: Id }),
  'lessons:reset': v.strictObject({ id: Id }),
  /** the learner confirmed: rename the container holding a name the lesson needs to `to`, then set the lesson up */
  'lessons:renameHolder': v.strictObject({ id: Id, name: Id, to: Id }),
  'lessons:showMe': v.strictObject({ id: Id, step: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)) }),
  'lessons:catchUp': v.strictObject({ id: Id }),
  'lessons:goal': v.strictObject({ id: Id }),
  'lessons:close': Empty,
  'engine:undo': Empty,
  'files:get': v.strictObject({ kind: v.picklist(['image', 'container']), ref: Id }),
  'progress:get': Empty,
  'progress:setLocale': v.strictObject({ locale: v.picklist(['en', 'zh-CN']) }),
  'progress:export': Empty,
  /** the text of a file the learner picked; validated by the progress store before anything is replaced */
  'progress:import': v.strictObject({ text: v.pipe(v.string(), v.maxLength(PROGRESS_IMPORT_MAX)) }),
  'progress:dismissWelcome': Empty,
  'confirm:answer': v.strictObject({
    id: v.pipe(v.string(), v.maxLength(100)),
    allow: v.boolean(),
  }),
  'pull:cancel': v.strictObject({ pullId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
  'terminal:interrupt': v.strictObject({ runId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
  'settings:get': Empty,
  /** '' clears it; the text is validated by parseRegistryMirror in main (a refusal is an answer, not an error) */
  'settings:setMirror': v.strictObject({ mirror: v.pipe(v.string(), v.maxLength(1000)) }),
} as const

export type Channel = keyof typeof schemas
export type RequestOf<C extends Channel> = v.InferOutput<(typeof schemas)[C]>

// ---------- responses ----------

export interface ResponseMap {
  'app:info': AppInfo
  'engine:status': EngineStatus
  'engine:select': EngineSelectResult
  'engine:probe': EngineProbe
  'engine:snapshot': Snapshot
  'terminal:run': TerminalResult
  'lessons:list': LessonSummary[]
  'lessons:get': unknown // the lesson document (see src/domain/lessons/schema.ts)
  'lessons:start': LessonProgress
  'lessons:reset': LessonProgress
  'lessons:renameHolder': LessonProgress
  'lessons:showMe': TerminalResult
  'lessons:catchUp': LessonProgress
  'lessons:goal': ChallengeGoal
  'lessons:close': ProgressFile
  'files:get': LayerFilesView
  'engine:undo': UndoResult
  'progress:get': ProgressFile
  'progress:setLocale': ProgressFile
  'progress:export': ProgressExport
  'progress:import': ProgressImportResult
  'progress:dismissWelcome': ProgressFile
  'confirm:answer': { ok: boolean }
  /** ok: false when no pull with that id is running (already finished or unknown) */
  'pull:cancel': { ok: boolean }
  /** Ctrl-C for the command of that run: its daemon calls are cancelled (a foreground run stops waiting, exit 130); false when it is not running */
  'terminal:interrupt': { ok: boolean }
  'settings:get': SettingsView
  'settings:setMirror': SetMirrorResult
}

export type ResponseOf<C extends Channel> = ResponseMap[C]

/** All channels, for registration loops and tests that enumerate them. */
export const CHANNELS = Object.keys(schemas) as Channel[]

// ---------- pushed events (main → renderer) ----------

/** Live mode: Layerlab is about to change something it did not create and asks first. */
/** What the live guard asks to do to something Layerlab did not create (a code: the renderer words it in the UI language). */
export const CONFIRM_ACTIONS = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'remove', 'rename', 'exec', 'retag'] as const
export type ConfirmAction = (typeof CONFIRM_ACTIONS)[number]

export interface ConfirmRequest {
  id: string
  action: ConfirmAction
  kind: 'container' | 'image'
  target: string // the name or short ID the learner knows it by
}

export interface EventMap {
  'engine:changed': EngineChange
  'engine:status': EngineStatus
  'terminal:output': TerminalOutput
  'lesson:progress': LessonProgress
  'confirm:request': ConfirmRequest
  'pull:progress': PullProgress
}
export type EventName = keyof EventMap
export const EVENTS: EventName[] = ['engine:changed', 'engine:status', 'terminal:output', 'lesson:progress', 'confirm:request', 'pull:progress']

// ---------- the envelope ----------

export type Envelope<T> = { result: T } | { error: { name: string; message: string } }

export class ContractError extends Error {
  override readonly name = 'ContractError'
}

/** Validates a request; throws ContractError with a readable message naming the channel. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): RequestOf<C> {
  const schema = schemas[channel] as v.GenericSchema
  if (!schema) throw new ContractError(`unknown channel: ${String(channel)}`)
  const r = v.safeParse(schema, payload)
  if (!r.success) {
    const issue = r.issues[0]
    const path = issue.path?.map((p) => String(p.key)).join('.') || '(payload)'
    throw new ContractError(`invalid payload for ${channel}: ${path}: ${issue.message}`)
  }
  return r.output as RequestOf<C>
}

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(schemas, x)
}

/** The API object the renderer sees (window.api in Electron, a WebSocket client in browser mode). */
export interface LayerlabApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}

/** What main-side services implement; main/ipc.ts and web/server.ts route the contract to it. */
export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> }
export type Emit = <E extends EventName>(event: E, payload: EventMap[E]) => void

export async function toEnvelope<T>(fn: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { result: await fn() }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e))
    return { error: { name: err.name || 'Error', message: err.message } }
  }
}
