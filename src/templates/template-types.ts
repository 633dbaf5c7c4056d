/** A template bundled into the extension at build time (scripts/generate-template-bundle.js). */
export interface IShippedTemplate {
  id: string;
  title: string;
  description: string;
  /** The notebook as nbformat JSON. */
  notebook: Record<string, unknown>;
}

/** A template the launcher and the palette offer: shipped with the extension, or from the team's folder. */
export interface INotebookTemplate {
  /** `cluster-health` for a shipped template, `team:<path>` for a team one. */
  id: string;
  title: string;
  description: string;
  origin: 'shipped' | 'team';
  /** The name a new notebook gets (before a number is added to keep it unique). */
  baseName: string;
  /** The notebook as nbformat JSON. */
  load(): Promise<Record<string, unknown>>;
}

/** The `jupyterlab_emr.template` block of a notebook's metadata, when it has one. */
export function templateAbout(notebook: unknown): { title?: string; description?: string } {
  const about = (notebook as { metadata?: { jupyterlab_emr?: { template?: unknown } } } | null)?.metadata?.jupyterlab_emr?.template;
  if (typeof about !== 'object' || about === null) {
    return {};
  }
  const { title, description } = about as { title?: unknown; description?: unknown };
  return { title: typeof title === 'string' ? title : undefined, description: typeof description === 'string' ? description : undefined };
}
