import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';
import { requireLivy, stackLivyUrl } from './helpers/stack-env';

/** What stack/run seeded into moto (ids are generated per stack, names and states are fixed). */
const seed = JSON.parse(fs.readFileSync(process.env.STACK_SEED_FILE ?? path.resolve(__dirname, '../../.stack/seed.json'), 'utf8'));
const EC2_CLUSTER = 'emr-local-analytics';
/**
 * The README's picture of the panel after "Connect active notebook". Written when missing or when
 * EMR_UI_UPDATE_DOCS_IMAGE=1: it shows the cluster's uptime, so copying on every run would leave the
 * work tree dirty.
 */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'panel.png');
const EKS_CLUSTER = 'emr-eks-analytics';

test.describe('EMR clusters side panel', () => {
  test('lists the seeded EC2 cluster with its instance groups and steps, and the EKS virtual cluster', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.openClusterPanel();

    const cluster = emr.ec2Cluster(EC2_CLUSTER);
    await expect(cluster).toHaveCount(1);
    await expect(cluster).toHaveAttribute('data-cluster-id', seed.emr.clusterId);
    await expect(cluster.locator('.jp-emr-Ec2Clusters-head .jp-emr-StateBadge')).toHaveText('RUNNING');
    // Its nodes by role come with the list, before it is expanded (other specs resize the task group).
    await expect(cluster.locator('.jp-emr-Ec2Clusters-counts')).toHaveText(/^Primary 1\/1 · Core \d+\/\d+ · Task \d+\/\d+ spot/);

    await emr.expandEc2Cluster(EC2_CLUSTER);
    const roles = cluster.locator('.jp-emr-Ec2Clusters-instances tr td:first-child');
    // One row per instance group, in role order (moto does not promise one).
    await expect(roles).toHaveCount(3);
    expect(await roles.allTextContents()).toEqual(['Primary', 'Core', 'Task']);
    const steps = cluster.locator('.jp-emr-Ec2Clusters-stepName');
    const stepNames: string[] = seed.emr.steps.map((step: { name: string }) => step.name);
    // Other tests (%%hive --step) may add steps to the seeded cluster in the shared emulator.
    await expect(steps.first()).toBeVisible();
    for (const name of stepNames) {
      await expect(steps.filter({ hasText: name })).toHaveCount(1);
    }

    const eks = emr.eksCluster(EKS_CLUSTER);
    await expect(eks).toHaveCount(1);
    await expect(eks).toHaveAttribute('data-virtual-cluster-id', seed.emrContainers.virtualClusterId);
  });

  test("connects the active notebook to the seeded cluster's Livy, and %%info reports the new endpoint", async ({ page }) => {
    await requireLivy();
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.openClusterPanel();
    await emr.widenLeftSidebar(460);
    const cluster = emr.ec2Cluster(EC2_CLUSTER);
    const connect = cluster.getByRole('button', { name: 'Connect active notebook' });

    // A notebook on another kernel is not connected, and the panel says why and what to do.
    await emr.execute('notebook:create-new', { kernelName: 'python3' });
    await expect(emr.notebook.locator('.jp-Toolbar-kernelName')).toHaveText(/Python 3/);
    await connect.click();
    const refusal = cluster.locator('.jp-emr-StateView.jp-mod-error');
    await expect(refusal).toHaveAttribute('data-code', 'NOT_EMR_NOTEBOOK');
    await expect(refusal).toContainText(/runs the Python 3.* kernel; only a notebook on emr-livy/);
    await expect(refusal).toContainText('Kernel → Change Kernel');

    await emr.newNotebook('emr-livy');

    // The cluster's own UIs, from its primary node's address on EMR's ports, in a new tab.
    const livyUi = cluster.getByRole('link', { name: 'Livy UI' });
    await expect(cluster.getByRole('link', { name: 'Spark history' })).toHaveAttribute('href', /^http:\/\/[^/]+:18080\/$/);
    await expect(cluster.getByRole('link', { name: 'YARN' })).toHaveAttribute('href', /^http:\/\/[^/]+:8088\/cluster$/);
    await expect(livyUi).toHaveAttribute('target', '_blank');
    await expect(livyUi).toHaveAttribute('rel', /noopener/);
    // emr-7.9.0 serves Livy over TLS: the links follow the primary node's (fabricated) address.
    expect((await livyUi.getAttribute('href'))!).toMatch(/^https:\/\/[^/]+:8998\/ui$/);

    await connect.click();
    // moto's primary node name does not resolve; the stack's env.sh maps the seeded cluster to the
    // stack's Livy (EMR_LIVY_CLUSTER_URLS), so Connect succeeds as it does on a real cluster.
    const livyUrl = stackLivyUrl()!;
    const notice = cluster.locator('.jp-emr-Ec2Clusters-connection');
    await expect(notice).toContainText(`now runs on ${livyUrl}.`);
    await expect(notice).toContainText(/Livy 0\.\d+\S* answers there; the next cell starts a session\./);

    // Collapsed: the steps other tests add to the seeded cluster would crowd the picture.
    fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
    if (!fs.existsSync(README_IMAGE) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
      await emr.clusterPanel.screenshot({ path: README_IMAGE, animations: 'disabled' });
    }
    // The cluster still shows its instance groups after the notebook moved to it.
    await emr.expandEc2Cluster(EC2_CLUSTER);
    await expect(cluster.locator('.jp-emr-Ec2Clusters-instances tr td:first-child')).toHaveCount(3);

    await emr.setCellSource(0, '%%info');
    await emr.runCell(0);
    const output = emr.cellOutput(0);
    await expect(output).toContainText(livyUrl);
    await expect(output).toContainText(seed.emr.clusterId);
    await expect(output).not.toContainText('unreachable');
  });
});
