/** The result renderer's parts, for specs that drive its toolbar. Nothing here sleeps. */
import { expect, Locator } from '@playwright/test';

export class ResultView {
  constructor(readonly root: Locator) {}

  viewButton(view: 'table' | 'bar' | 'line' | 'area' | 'point' | 'pie' | 'heatmap'): Locator {
    return this.root.locator(`.jp-emr-ResultToolbar-view[data-view="${view}"]`);
  }

  picker(name: 'x' | 'y' | 'color' | 'aggregate'): Locator {
    return this.root.locator(`select[data-picker="${name}"]`);
  }

  exportButton(format: 'csv' | 'png' | 'svg'): Locator {
    return this.root.locator(`.jp-emr-ResultToolbar-export[data-export="${format}"]`);
  }

  get scroller(): Locator {
    return this.root.locator('.jp-emr-TableView-scroller');
  }

  get rows(): Locator {
    return this.root.locator('tbody tr.jp-emr-TableView-row');
  }

  get chart(): Locator {
    return this.root.locator('.jp-emr-TableView-chart');
  }

  get chartSvg(): Locator {
    return this.chart.locator('svg.marks');
  }

  get note(): Locator {
    return this.root.locator('.jp-emr-TableView-chartNote');
  }

  /** Shows a chart type and waits until it is drawn. */
  async showChart(view: 'bar' | 'line' | 'area' | 'point' | 'pie' | 'heatmap'): Promise<void> {
    await this.viewButton(view).click();
    await expect(this.viewButton(view)).toHaveAttribute('aria-pressed', 'true');
    await expect(this.chartSvg).toBeVisible();
  }
}
