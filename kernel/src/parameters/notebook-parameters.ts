import { scalaStringLiteral, splitCellMagic } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { CodeLanguage } from '../cell-kit/code-command';
import { IParameterDefinition, ParameterValue } from './parameter-cell';

/** Magics whose body is Scala or Python: there `${…}` is the language's own interpolation. */
const CODE_MAGICS = new Set(['scala', 'spark', 'pyspark']);

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** How one language (or plain text) writes each kind of value. */
interface ILiteralStyle {
  string(text: string): string;
  number(literal: string): string;
  boolean(value: boolean): string;
  none: string;
}

const withoutSuffix = (literal: string) => literal.replace(/[LlDdFf]$/, '');

/** What `${name}` becomes: the value's text, as Zeppelin's forms insert it. */
const AS_TEXT: ILiteralStyle = { string: text => text, number: withoutSuffix, boolean: String, none: '' };
const AS_SCALA: ILiteralStyle = { string: scalaStringLiteral, number: literal => literal, boolean: String, none: 'None' };
// A JSON string is a valid Python string literal (JSON.stringify never writes `\/`).
const AS_PYTHON: ILiteralStyle = { string: text => JSON.stringify(text), number: withoutSuffix, boolean: value => (value ? 'True' : 'False'), none: 'None' };

function written(value: ParameterValue, style: ILiteralStyle): string {
  switch (value.kind) {
    case 'string':
      return style.string(value.text);
    case 'number':
      return style.number(value.literal);
    case 'boolean':
      return style.boolean(value.value);
    case 'none':
      return style.none;
  }
}

const DEFINE_IN = {
  scala: (name: string, value: ParameterValue) => `val ${name} = ${written(value, AS_SCALA)}`,
  pyspark: (name: string, value: ParameterValue) => `${name} = ${written(value, AS_PYTHON)}`
} satisfies Record<CodeLanguage, unknown>;

/**
 * The notebook's parameters, kept by the kernel. SQL-like cells (%%sql, %%hive, other magics'
 * lines and bodies) get `${name}` replaced by the value; Scala and PySpark cells get the values
 * as variables, defined in the Spark session just before the first such cell that runs after the
 * parameters changed, so a notebook that never uses Spark never needs a session for them.
 */
export class NotebookParameters {
  private readonly _values = new Map<string, ParameterValue>();
  private readonly _unsent: Record<CodeLanguage, Set<string>> = { scala: new Set(), pyspark: new Set() };

  get names(): string[] {
    return [...this._values.keys()];
  }

  define(definitions: readonly IParameterDefinition[]): void {
    for (const { name, value } of definitions) {
      this._values.set(name, value);
      this._unsent.scala.add(name);
      this._unsent.pyspark.add(name);
    }
  }

  /** The cell with `${name}` filled in for known names, unless its body is Scala or Python. */
  substitute(cell: string): string {
    const magic = splitCellMagic(cell);
    if (this._values.size === 0 || magic.form === 'none' || CODE_MAGICS.has(magic.name)) {
      return cell;
    }
    return cell.replace(REFERENCE, (reference, name: string) => {
      const value = this._values.get(name);
      return value === undefined ? reference : written(value, AS_TEXT);
    });
  }

  /** The code that defines the parameters not yet sent to this language's interpreter. */
  pendingDefinitions(language: CodeLanguage): string | undefined {
    const names = [...this._unsent[language]];
    if (names.length === 0) {
      return undefined;
    }
    return names.map(name => DEFINE_IN[language](name, this._values.get(name) as ParameterValue)).join('\n');
  }

  /** Sends the pending definitions with `send`; they stay pending if it fails. */
  async flush(language: CodeLanguage, send: (code: string) => Promise<void>): Promise<void> {
    const code = this.pendingDefinitions(language);
    if (code === undefined) {
      return;
    }
    await send(code);
    this._unsent[language].clear();
  }
}

/** The one line a parameters cell prints: names only, since a value may be a secret. */
export function parametersSetMessage(definitions: readonly IParameterDefinition[]): string {
  const names = definitions.map(({ name }) => name).join(', ');
  return `Parameters set: ${names}. SQL, Hive and other magic cells read them as \${name}; Scala and PySpark cells as variables.\n`;
}

export function parameterDefinitionError(language: CodeLanguage, evalue: string): UserError {
  return new UserError(
    `The notebook's parameters could not be defined in the ${language === 'scala' ? 'Scala' : 'Python'} interpreter of the Spark session: ${evalue} ` +
      'Fix the parameters cell (names must be new identifiers, values string, number or boolean literals) and run it again.'
  );
}
