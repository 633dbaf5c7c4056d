/**
 * A small page object over a JupyterLab page: only what these specs need, with the extension's
 * selectors in one place. Everything waits through Playwright's auto-waiting; nothing sleeps.
 */
import { expect, Locator, Page } from '@playwright/test';

export enum Selectors {
  Shell = '#jp-main-dock-panel',
  ClusterPanelTab = 'li[data-id="jp-emr-cluster-panel"]',
  ClusterPanel = '#jp-emr-cluster-panel',
  Ec2Cluster = '.jp-emr-Ec2Clusters-cluster',
  Ec2Instances = '.jp-emr-Ec2Clusters-instances',
  Ec2Step = '.jp-emr-Ec2Clusters-step',
  EksCluster = '.jp-emr-EksClusters-cluster',
  StateBadge = '.jp-emr-StateBadge',
  TableView = '.jp-emr-TableView',
  ActiveNotebook = '.jp-NotebookPanel:not(.lm-mod-hidden)'
}

export const KERNEL_DISPLAY_NAME = 'Spark on EMR (Livy)';

export class EmrPage {
  constructor(readonly page: Page) {}

  /** Opens JupyterLab (optionally a file in it) on a fresh workspace and waits for the shell. */
  async goto(file?: string): Promise<void> {
    const target = file ? `/lab/tree/${file}?reset` : '/lab?reset';
    await this.page.goto(target);
    await this.page.locator(Selectors.Shell).waitFor();
    // The server runs with expose_app_in_browser, so the app is window.jupyterapp.
    await this.page.waitForFunction(() => (window as any).jupyterapp !== undefined);
    await this.page.evaluate(() => (window as any).jupyterapp.restored);
  }

  /** Runs a JupyterLab command through the command palette's public face: the app's command registry. */
  async execute(id: string, args: Record<string, unknown> = {}): Promise<void> {
    await this.page.evaluate(
      async ({ id, args }) => {
        const app = (window as any).jupyterapp;
        if (!app) {
          throw new Error('window.jupyterapp is not exposed');
        }
        await app.commands.execute(id, args);
      },
      { id, args }
    );
  }

  // ---- the EMR clusters side panel ----

  get clusterPanel(): Locator {
    return this.page.locator(Selectors.ClusterPanel);
  }

  async openClusterPanel(): Promise<Locator> {
    const tab = this.page.locator(Selectors.ClusterPanelTab);
    if (!(await this.clusterPanel.isVisible())) {
      await tab.click();
    }
    await expect(this.clusterPanel).toBeVisible();
    return this.clusterPanel;
  }

  /** Drags the splitter right of the left sidebar so the panel is `width` pixels wide (for readable screenshots). */
  async widenLeftSidebar(width: number): Promise<void> {
    const stack = this.page.locator('#jp-left-stack');
    const handle = this.page.locator('#jp-main-split-panel > .lm-SplitPanel-handle').first();
    const box = await handle.boundingBox();
    const current = await stack.boundingBox();
    if (!box || !current) {
      throw new Error('the left sidebar is not laid out');
    }
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width / 2, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width / 2 + (width - current.width), y, { steps: 5 });
    await this.page.mouse.up();
    await expect.poll(async () => Math.round((await stack.boundingBox())?.width ?? 0)).toBeGreaterThan(width - 20);
  }

  ec2Cluster(name: string): Locator {
    return this.clusterPanel.locator(Selectors.Ec2Cluster).filter({ has: this.page.locator('.jp-emr-Ec2Clusters-name', { hasText: name }) });
  }

  eksCluster(name: string): Locator {
    return this.clusterPanel.locator(Selectors.EksCluster).filter({ has: this.page.locator('.jp-emr-EksClusters-name', { hasText: name }) });
  }

  async expandEc2Cluster(name: string): Promise<Locator> {
    const row = this.ec2Cluster(name);
    await row.getByRole('button', { name: `Expand ${name}` }).click();
    await expect(row.locator(Selectors.Ec2Instances)).toBeVisible();
    return row;
  }

  // ---- notebooks ----

  get notebook(): Locator {
    return this.page.locator(Selectors.ActiveNotebook);
  }

  /** A new untitled notebook on the given kernel, ready when the kernel reports idle. */
  async newNotebook(kernelName: string): Promise<void> {
    await this.execute('notebook:create-new', { kernelName });
    await expect(this.notebook.locator('.jp-Notebook')).toBeVisible();
    await this.waitForKernelIdle();
  }

  async waitForKernelIdle(): Promise<void> {
    await expect(this.notebook.locator('.jp-Toolbar-kernelName')).toHaveText(KERNEL_DISPLAY_NAME);
    await expect(this.notebook.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]')).toHaveCount(1);
  }

  cell(index: number): Locator {
    return this.notebook.locator('.jp-Cell').nth(index);
  }

  cellEditor(index: number): Locator {
    return this.cell(index).locator('.jp-InputArea-editor .cm-content');
  }

  /** Replaces the source of a cell by typing it, as a user would. */
  async setCellSource(index: number, source: string): Promise<void> {
    const editor = this.cellEditor(index);
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    const lines = source.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) {
        await this.page.keyboard.press('Enter');
        // The editor auto-indents after Enter; the source we type carries its own indentation.
        await this.page.keyboard.press('Shift+Home');
        await this.page.keyboard.press('Delete');
      }
      await this.page.keyboard.insertText(lines[i]);
    }
  }

  /** The cell's source as the notebook model holds it. */
  async cellSource(index: number): Promise<string> {
    return this.page.evaluate(i => {
      const app = (window as any).jupyterapp;
      const widget = app.shell.currentWidget;
      return widget.content.widgets[i].model.sharedModel.getSource() as string;
    }, index);
  }

  async runCell(index: number): Promise<void> {
    await this.cell(index).click();
    await this.execute('notebook:run-cell');
  }

  /** The cell's output area children (prompt + rendered output; the renderer widget itself carries .jp-OutputArea-output). */
  cellOutput(index: number): Locator {
    return this.cell(index).locator('.jp-OutputArea-child');
  }

  // ---- theme ----

  async setTheme(theme: 'JupyterLab Light' | 'JupyterLab Dark'): Promise<void> {
    await this.execute('apputils:change-theme', { theme });
    await expect(this.page.locator('body')).toHaveAttribute('data-jp-theme-name', theme);
    await expect(this.page.locator('body')).toHaveAttribute('data-jp-theme-light', theme === 'JupyterLab Light' ? 'true' : 'false');
  }
}
