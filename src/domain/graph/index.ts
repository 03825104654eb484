export * from './project'
export * from './diff'
