/**
 * The container names a lesson's setup gives (`docker run|create --name X`, also `container run`),
 * so the lesson service can tell, before the setup runs, that a name it needs is already taken.
 */
import { splitLine } from '../cli'

export function setupContainerNames(setup: readonly string[] | undefined): string[] {
  const names: string[] = []
  for (const line of setup ?? []) {
    let words: string[]
    try {
      words = splitLine(line)
    } catch {
      continue
    }
    if (words[0] !== 'docker') continue
    let i = 1
    if (words[i] === 'container') i++
    if (words[i] !== 'run' && words[i] !== 'create') continue
    for (let k = i + 1; k < words.length; k++) {
      const w = words[k]
      if (w === '--name' && k + 1 < words.length) names.push(words[++k])
      else if (w.startsWith('--name=')) names.push(w.slice('--name='.length))
    }
  }
  return [...new Set(names)]
}
