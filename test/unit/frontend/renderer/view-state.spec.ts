import { TABLE_MIME_TYPE } from '@jupyterlab-emr/common';

import { readViewState, sameViewState, withViewState } from '../../../../src/renderer/view-state';

describe('view state in output metadata', () => {
  it('round-trips every field through the metadata, under the table MIME type', () => {
    const state = { view: 'chart' as const, mark: 'bar' as const, x: 'region', y: 'amount', color: 'year', aggregate: 'sum' as const };
    const metadata = withViewState({}, state);
    expect(metadata[TABLE_MIME_TYPE]).toEqual({ view: 'chart', mark: 'bar', x: 'region', y: 'amount', color: 'year', aggregate: 'sum' });
    expect(readViewState(metadata)).toEqual(state);
    // What a notebook file holds is JSON: the state survives serialisation.
    expect(readViewState(JSON.parse(JSON.stringify(metadata)))).toEqual(state);
  });

  it('keeps the rest of the metadata and leaves out unset columns', () => {
    const metadata = withViewState({ 'image/png': { width: 10 }, tags: ['x'] }, { view: 'table', mark: 'line' });
    expect(metadata).toEqual({ 'image/png': { width: 10 }, tags: ['x'], [TABLE_MIME_TYPE]: { view: 'table', mark: 'line' } });
  });

  it('reads no state from metadata without one, or with one it cannot trust', () => {
    expect(readViewState({})).toBeUndefined();
    expect(readViewState({ [TABLE_MIME_TYPE]: 'chart' })).toBeUndefined();
    expect(readViewState({ [TABLE_MIME_TYPE]: [] })).toBeUndefined();
    expect(readViewState({ [TABLE_MIME_TYPE]: { view: 'graph', mark: 'bar' } })).toBeUndefined();
    expect(readViewState({ [TABLE_MIME_TYPE]: { view: 'chart', mark: 'donut' } })).toBeUndefined();
  });

  it('drops unknown or mistyped parts of a stored state', () => {
    const stored = { view: 'chart', mark: 'pie', x: 7, y: '', color: { a: 1 }, aggregate: 'median' };
    expect(readViewState({ [TABLE_MIME_TYPE]: stored })).toEqual({ view: 'chart', mark: 'pie' });
  });

  it('compares states field by field', () => {
    expect(sameViewState({ view: 'chart', mark: 'bar', x: 'a' }, { view: 'chart', mark: 'bar', x: 'a' })).toBe(true);
    expect(sameViewState({ view: 'chart', mark: 'bar', x: 'a' }, { view: 'chart', mark: 'bar', x: 'b' })).toBe(false);
    expect(sameViewState({ view: 'chart', mark: 'bar' }, { view: 'table', mark: 'bar' })).toBe(false);
  });
});
