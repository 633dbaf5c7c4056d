import { ITablePayload } from '@jupyterlab-emr/common';

/** A result with a category, two numbers and a date: enough columns for every chart type. */
export const SALES: ITablePayload = {
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'year', type: 'integer' },
      { name: 'amount', type: 'double' },
      { name: 'day', type: 'date' }
    ]
  },
  rows: [
    ['north', 2023, 10.5, '2023-01-01'],
    ['south', 2023, 4, '2023-01-02'],
    ['north', 2024, 7, '2024-01-01']
  ],
  rowCount: 3,
  truncated: false
};
