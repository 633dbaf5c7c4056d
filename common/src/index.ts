export * from './cell-magic';
export * from './html';
export * from './mime';
