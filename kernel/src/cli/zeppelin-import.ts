#!/usr/bin/env node
/**
 * emr-zeppelin-import: a Zeppelin note export (.json or .zpln) as a notebook for the emr-livy
 * kernel, converted by the same code the JupyterLab command uses (common/src/zeppelin-note.ts).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { importZeppelinNote, notebookBaseName, parseZeppelinExport } from '@jupyterlab-emr/common';

export const USAGE = `Usage: emr-zeppelin-import NOTE.json [-o OUT.ipynb] [--force]

Writes OUT.ipynb (by default NOTE.ipynb beside the note) for the "Spark on EMR (Livy)" kernel:
%livy.spark/%spark paragraphs become Scala cells, %livy.sql/%sql %%sql cells, %jdbc(hive) %%hive
cells, %livy.pyspark %%pyspark cells, %md Markdown; form fields \${name=default} become a papermill
parameters cell. --force replaces an existing OUT.ipynb.`;

export interface IImportIo {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): { note: string; output?: string; force: boolean } {
  const rest = [...argv];
  let output: string | undefined;
  let force = false;
  const positionals: string[] = [];
  while (rest.length > 0) {
    const word = rest.shift() as string;
    if (word === '-o' || word === '--output') {
      output = rest.shift();
      if (output === undefined) {
        throw new UsageError(`${word} needs a file name.`);
      }
    } else if (word.startsWith('--output=')) {
      output = word.slice('--output='.length);
    } else if (word === '--force' || word === '-f') {
      force = true;
    } else if (word.startsWith('-')) {
      throw new UsageError(`Unknown option ${word}.`);
    } else {
      positionals.push(word);
    }
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Name the Zeppelin note to import.' : 'Import one note at a time.');
  }
  return { note: positionals[0], output, force };
}

/** Runs the command; returns the process exit code (0 done, 1 failed, 2 usage). */
export async function zeppelinImport(argv: readonly string[], io: IImportIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    const { note, output, force } = parseArguments(argv);
    const target = output ?? path.join(path.dirname(note), `${notebookBaseName(note)}.ipynb`);
    const { notebook, parameters, warnings } = importZeppelinNote(parseZeppelinExport(await fs.readFile(note, 'utf8'), note));
    // `wx` refuses an existing file atomically, so two imports never interleave into one notebook.
    await fs.writeFile(target, `${JSON.stringify(notebook, null, 1)}\n`, { flag: force ? 'w' : 'wx' });
    warnings.forEach(warning => io.err(`warning: ${warning}\n`));
    const forms = parameters.length > 0 ? `, parameters ${parameters.map(({ name }) => name).join(', ')}` : '';
    io.out(`Wrote ${target}: ${notebook.cells.length} cells${forms}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(`${(error as NodeJS.ErrnoException).path} exists; pass --force to replace it, or -o to write elsewhere.\n`);
    } else if (code === 'ENOENT') {
      io.err(`${(error as NodeJS.ErrnoException).path} does not exist.\n`);
    } else {
      io.err(`${(error as Error).message}\n`);
    }
    return 1;
  }
}

if (require.main === module) {
  void zeppelinImport(process.argv.slice(2), { out: text => process.stdout.write(text), err: text => process.stderr.write(text) }).then(code => {
    process.exitCode = code;
  });
}
