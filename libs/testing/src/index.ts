export * from './fixtures';
export * from './container-runtime';
