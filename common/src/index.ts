export * from './cell-magic';
export * from './html';
export * from './mime';
export * from './comm-messages';
export * from './field-kind';
export * from './chart-choice';
export * from './chart-spec';
