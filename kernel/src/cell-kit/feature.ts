import { ICellContext, ICellServices } from './context';
import { IMagicCommand, IMagicSpec } from './registry';

/** Runs one kind of command; `S` is what it needs of the kernel (the toolkit's services, and its feature's own). */
export type CellHandler<C extends IMagicCommand, S extends ICellServices> = (command: C, cell: ICellContext, kernel: S) => Promise<void>;

/**
 * One feature of the cell layer, as its folder exports it: the magics it adds and a handler for
 * every kind of command they build (a missing one does not compile). The board
 * (magics/features.ts) lists the features; nothing else needs to know a feature exists.
 */
export interface ICellFeature<C extends IMagicCommand = IMagicCommand, S extends ICellServices = ICellServices> {
  magics: readonly IMagicSpec<C>[];
  handlers: { readonly [K in C['kind']]: CellHandler<Extract<C, { kind: K }>, S> };
}

/**
 * A feature with its types erased, as a list of different features is held: any ICellFeature is
 * one, and the dispatcher, which looks a handler up by the command's kind, restores the types.
 */
export interface IAnyCellFeature {
  magics: readonly IMagicSpec[];
  handlers: { readonly [kind: string]: (command: never, cell: ICellContext, kernel: never) => Promise<void> };
}

/** The command union of a list of features. */
export type CommandOf<F> = F extends ICellFeature<infer C, never> ? C : never;
