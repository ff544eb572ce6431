export * from './fixtures';
export * from './container-runtime';
export * from './run-entry-point';
export * from './is-process-alive';
export * from './self-signed-certificate';
export * from './closed-port';
export * from './markdown-anchors';
export * from './files-under';
