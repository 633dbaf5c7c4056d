import { ITablePayload } from '@jupyterlab-emr/common';

// A double holds 15 significant digits exactly; Livy's sql output passes decimals through one.
const EXACT_DIGITS = 15;

/**
 * A warning for decimal columns wider than a double: Livy's `sql` kind serialises decimals as
 * doubles on the server, so their last digits are already rounded when they arrive.
 */
export function wideDecimalNote(table: ITablePayload): string | undefined {
  const wide = table.schema.fields.filter(field => {
    const precision = /^decimal\((\d+),\s*\d+\)$/.exec(field.type)?.[1];
    return precision !== undefined && Number(precision) > EXACT_DIGITS;
  });
  if (wide.length === 0 || table.rows.length === 0) {
    return undefined;
  }
  const names = wide.map(field => `${field.name} (${field.type})`).join(', ');
  const example = wide[0].name;
  return (
    `Note: Livy sends decimals as doubles, so ${names} ${wide.length === 1 ? 'is' : 'are'} exact only to about ${EXACT_DIGITS} significant digits here. ` +
    `For every digit, select CAST(${example} AS STRING).`
  );
}
