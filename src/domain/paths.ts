/**
 * Slash-separated paths, as the simulator's file systems and tar member names use them.
 */

/** The absolute path p names, its '', '.' and '..' segments resolved: './usr//bin/../lib/' → '/usr/lib'. */
export function resolveSegments(p: string): string {
  const parts: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') parts.pop()
    else parts.push(seg)
  }
  return '/' + parts.join('/')
}
