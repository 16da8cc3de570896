export * from './credentials-helper';
export * from './load';
export * from './run-workflow';
export * from './poll';
