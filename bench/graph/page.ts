/** Bundled by bench/graph/run.ts into the benchmark page: the app's own graph → Cytoscape code, and the same Cytoscape for the bare baseline. */
export { default as cytoscape } from 'cytoscape'
export { createGraphCy, toElements, whenComplete } from '../../src/renderer/src/graphCy'
