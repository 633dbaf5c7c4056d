export * from './cell-magic';
export * from './html';
export * from './mime';
export * from './comm-messages';
