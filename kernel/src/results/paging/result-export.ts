import { ExportFormat } from '@jupyterlab-emr/common';
import { scalaResource } from '../../scala/scala-object';
import { scalaString } from '../../scala/scala-literal';
import * as exporter from '../scala/generated/result-export';

/** Starts the line the export prints with the rows it read back. */
export const EXPORT_MARKER = 'EMR_RESULT_EXPORT ';

/** The export object (scala/ResultExport.scala); its name changes with its code. */
export const RESULT_EXPORT_OBJECT = scalaResource(exporter, { EXPORT_MARKER });

/** The `spark` statement that writes the rows of `sql` to `path` and prints how many it wrote. */
export function exportCode(sql: string, path: string, format: ExportFormat): string {
  return `${RESULT_EXPORT_OBJECT.name}.write(${scalaString(sql)}, ${scalaString(path)}, ${scalaString(format)})`;
}

/** The rows the export printed, or undefined when its output has no such line. */
export function readExportedRows(text: string): number | undefined {
  const line = text.split('\n').find(candidate => candidate.startsWith(EXPORT_MARKER));
  const rows = line === undefined ? NaN : Number(line.slice(EXPORT_MARKER.length).trim());
  return Number.isSafeInteger(rows) ? rows : undefined;
}
