export * from './project'
export * from './diff'
export * from './highlight'
