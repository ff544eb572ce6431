export * from './start-azurite';
export * from './azurite-start.error';
export * from './dev-account';
export { makeFolder } from './make-folder';
