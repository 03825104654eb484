/**
 * The Go-template forms learners use with `docker inspect -f`: {{.A.B}}, {{json .X}}, {{index .X 0}},
 * {{len .X}}, {{range .X}}…{{end}} with {{.}} and {{println .}}. Values print as Go prints them.
 */

/** Fields the daemon's Go types hold as slices or maps: null in JSON, but Go prints a nil one as [] or map[]. */
const NIL_SLICES = new Set(['Cmd', 'Entrypoint', 'Env', 'Args', 'RepoTags', 'RepoDigests', 'Layers', 'Binds', 'Mounts', 'OnBuild', 'Shell'])
const NIL_MAPS = new Set(['Labels', 'Volumes', 'ExposedPorts'])

function lookup(obj: unknown, path: string, goNil = false): unknown {
  if (path === '.' || path === '') return obj
  let cur: unknown = obj
  let last = ''
  for (const key of path.replace(/^\./, '').split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
    last = key
  }
  if (cur === null && goNil) {
    if (NIL_SLICES.has(last)) return []
    if (NIL_MAPS.has(last)) return {}
  }
  return cur
}

/** Go's fmt %v for JSON-ish values: [a b], map[k:v], <nil>. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<no value>'
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
    return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`
  }
  return String(v)
}

/**
 * Go's encoding/json text: like JSON.stringify, with U+2028/9 escaped, and with <, > and & escaped too
 * when escapeHtml (json.Marshal does; docker's template `json` function turns that off).
 */
export function goJson(v: unknown, escapeHtml = false): string {
  return (JSON.stringify(v ?? null) ?? 'null').replace(escapeHtml ? /[<>&\u2028\u2029]/g : /[\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

export interface TemplateFuncs {
  /** replaces {{json X}} (a list row marshals itself: sorted keys, HTML-escaped) */
  json?: (v: unknown) => string
}

function evalExpr(expr: string, dot: unknown, funcs: TemplateFuncs = {}): { value: unknown; text?: string } {
  const words = expr.trim().split(/\s+/)
  const arg = (w: string | undefined) => (w === undefined ? dot : w.startsWith('.') ? lookup(dot, w) : /^\d+$/.test(w) ? Number(w) : w.replace(/^"|"$/g, ''))
  switch (words[0]) {
    case 'json':
      return { value: null, text: funcs.json ? funcs.json(arg(words[1])) : goJson(arg(words[1])) }
    case 'len': {
      const v = arg(words[1])
      return { value: Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : String(v ?? '').length }
    }
    case 'index': {
      const v = arg(words[1]) as Record<string, unknown> | unknown[] | undefined
      const k = arg(words[2]) as string | number
      return { value: v === undefined || v === null ? undefined : (v as Record<string | number, unknown>)[k] }
    }
    case 'println':
      return { value: null, text: `${goValue(arg(words[1]))}\n` }
    case 'upper':
      return { value: String(arg(words[1]) ?? '').toUpperCase() }
    case 'lower':
      return { value: String(arg(words[1]) ?? '').toLowerCase() }
    default:
      if (words[0].startsWith('.')) return { value: lookup(dot, words[0], true) }
      throw new Error(`template: inspect: function "${words[0]}" not defined`)
  }
}

export function renderTemplate(template: string, data: unknown, funcs: TemplateFuncs = {}): string {
  const tokens = template.split(/({{-?[\s\S]*?-?}})/)
  let i = 0
  const render = (dot: unknown, stopAtEnd: boolean): string => {
    let out = ''
    while (i < tokens.length) {
      const t = tokens[i++]
      if (!t.startsWith('{{')) {
        out += t
        continue
      }
      const inner = t.replace(/^{{-?\s*/, '').replace(/\s*-?}}$/, '')
      if (inner === 'end') {
        if (stopAtEnd) return out
        throw new Error('template: unexpected {{end}}')
      }
      if (inner.startsWith('range ')) {
        const list = evalExpr(inner.slice(6), dot, funcs).value
        const start = i
        const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : []
        if (items.length === 0) {
          render(dot, true) // skip the body
        }
        for (const item of items) {
          i = start
          out += render(item, true)
        }
        continue
      }
      const r = evalExpr(inner, dot, funcs)
      out += r.text ?? goValue(r.value)
    }
    if (stopAtEnd) throw new Error('template: unexpected EOF')
    return out
  }
  return render(data, false)
}
