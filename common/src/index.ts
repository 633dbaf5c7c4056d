export * from './mime';
