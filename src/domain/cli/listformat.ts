/**
 * `docker ps --format` and `docker images --format`: the docker CLI's formatter contexts (the
 * fields, their texts and table headers), rendered with the Go-template subset of ./template.
 */
import { renderTemplate, goJson } from './template'
import { runeLength, table } from './format'

export type Row = Record<string, string | null>

/** The field names a context has, with their table headers. */
export type Headers = Record<string, string>

export const CONTAINER_HEADERS: Headers = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
}

export const IMAGE_HEADERS: Headers = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
}

export const HISTORY_HEADERS: Headers = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
}

export class FormatError extends Error {}

/** Go's time.Time.String() in UTC as the CLI prints CreatedAt: '2026-11-28 18:31:22 +0000 UTC'. */
export function goTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000 UTC')
}

/**
 * Renders rows with a --format value as the docker CLI does: `table` prefix → a header line and
 * tabwriter columns; `\t` and `\n` escapes; `{{json .}}` → the row's fields with sorted keys.
 * contextType names the Go type in "can't evaluate field" errors.
 */
export function formatList(format: string, rows: Row[], headers: Headers, contextType: string): string {
  const isTable = format.startsWith('table')
  let body = (isTable ? format.slice(5) : format).replace(/^ +| +$/g, '')
  body = body.replace(/\\t/g, '\t').replace(/\\n/g, '\n')
  // the CLI checks the fields on the format as typed (positions count 'table ' and '\t' as written)
  checkFields(format, headers, contextType)
  // {{json .}} is the row's own MarshalJSON (json.Marshal: sorted keys, <>& escaped); {{json .X}} is docker's json function
  const render = (row: Row) => renderTemplate(body, row, { json: (v) => (v === row ? goJson(sortKeys(row), true) : goJson(v)) })
  if (!isTable) return rows.map((r) => `${render(r)}\n`).join('')
  const headerRow: Row = {}
  for (const [k, h] of Object.entries(headers)) headerRow[k] = h
  const lines = [renderTemplate(body, headerRow, { json: () => '' }), ...rows.map(render)]
  return tabwrite(lines.join('\n') + '\n')
}

function sortKeys(row: Row): Row {
  const out: Row = {}
  for (const k of Object.keys(row).sort()) out[k] = row[k]
  return out
}

/** Fields the template reads from the row ({{.X}} outside range): unknown ones fail as Go's template does. */
function checkFields(body: string, headers: Headers, contextType: string): void {
  const re = /{{-?\s*([^}]*?)\s*-?}}/g
  let depth = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(body))) {
    const inner = m[1]
    if (/^(range|with)\b/.test(inner)) depth++
    else if (inner === 'end') depth = Math.max(0, depth - 1)
    if (depth > 0 && !/^(range|with)\b/.test(inner)) continue
    const fr = /(^|\s)\.([A-Za-z_][A-Za-z0-9_]*)/g
    let f: RegExpExecArray | null
    while ((f = fr.exec(inner))) {
      if (Object.hasOwn(headers, f[2])) continue
      const pos = m.index + m[0].indexOf(inner) + f.index + f[1].length
      const before = body.slice(0, pos)
      const line = 1 + (before.match(/\n/g)?.length ?? 0)
      const col = pos - (before.lastIndexOf('\n') + 1)
      throw new FormatError(`template: :${line}:${col}: executing "" at <.${f[2]}>: can't evaluate field ${f[2]} in type *formatter.${contextType}`)
    }
  }
}

/** Go's text/tabwriter (minwidth 10, tabwidth 1, padding 3, ' ', no flags) over tab-separated lines. */
function tabwrite(text: string): string {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  // cells are tab-terminated; the text after the last tab is not part of a column
  const rows = lines.map((l) => l.split('\t'))
  const uniform = rows.every((r) => r.length === rows[0].length)
  if (uniform) return table(rows).replace(/ +\n/g, '\n')
  // column blocks: consecutive lines that have a cell in column c share its width
  const out = rows.map(() => '')
  const widthAt = (c: number, from: number) => {
    let w = 0
    let i = from
    for (; i < rows.length && rows[i].length - 1 > c; i++) w = Math.max(w, runeLength(rows[i][c]))
    return { w: Math.max(10, w + 3), end: i }
  }
  for (let c = 0; ; c++) {
    let any = false
    for (let i = 0; i < rows.length; ) {
      if (rows[i].length - 1 <= c) {
        i++
        continue
      }
      any = true
      const { w, end } = widthAt(c, i)
      for (let k = i; k < end; k++) {
        out[k] += rows[k][c] + ' '.repeat(Math.max(0, w - runeLength(rows[k][c])))
      }
      i = end
    }
    if (!any) break
  }
  return rows.map((r, i) => (out[i] + r[r.length - 1]).replace(/ +$/, '') + '\n').join('')
}
