/**
 * go-units, as the docker CLI and daemon use it: HumanDuration ("About a minute") and
 * HumanSizeWithPrecision ("1.98MB", decimal units, Go's %g). One copy for the simulator and the CLI.
 */

/** go-units HumanDuration, d in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.trunc(ms / 60000)
  if (minutes === 1) return 'About a minute'
  if (minutes < 60) return `${minutes} minutes`
  const hours = Math.trunc(ms / 3600000 + 0.5)
  if (hours === 1) return 'About an hour'
  if (hours < 48) return `${hours} hours`
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`
  return `${Math.trunc(Math.trunc(ms / 3600000) / 24 / 365)} years`
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']

const sizeCache = new Map<number, string>()

/**
 * go-units HumanSizeWithPrecision(size, precision): divide by 1000 while ≥ 1000, then "%.{precision}g"
 * and the unit ("1.98MB", "999B", "1e+03kB" as Go prints 999.5 kB). HumanSize is precision 4.
 */
export function humanSize(bytes: number, precision = 3): string {
  if (precision === 3) {
    const hit = sizeCache.get(bytes)
    if (hit !== undefined) return hit
  }
  let size = bytes
  let i = 0
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000
    i++
  }
  const text = `${formatG(size, precision)}${DECIMAL_UNITS[i]}`
  if (precision === 3) {
    if (sizeCache.size > 10_000) sizeCache.clear()
    sizeCache.set(bytes, text)
  }
  return text
}

/** Go's fmt "%.{precision}g": shortest of fixed and exponent forms, trailing zeros removed, exponent of 2+ digits. */
export function formatG(x: number, precision: number): string {
  if (x === 0) return '0'
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN'
  const exp = x.toExponential(precision - 1) // "1.00e+3"
  const e = Number(exp.slice(exp.indexOf('e') + 1))
  const trim = (m: string) => (m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m)
  if (e < -4 || e >= precision) {
    const mant = trim(exp.slice(0, exp.indexOf('e')))
    const sign = e < 0 ? '-' : '+'
    const digits = String(Math.abs(e)).padStart(2, '0')
    return `${mant}e${sign}${digits}`
  }
  return trim(x.toFixed(Math.max(0, precision - 1 - e)))
}
