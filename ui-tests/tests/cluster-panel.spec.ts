import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';

/** What stack/run seeded into moto (ids are generated per stack, names and states are fixed). */
const seed = JSON.parse(fs.readFileSync(process.env.STACK_SEED_FILE ?? path.resolve(__dirname, '../../.stack/seed.json'), 'utf8'));
const EC2_CLUSTER = 'emr-local-analytics';
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

    await emr.expandEc2Cluster(EC2_CLUSTER);
    const roles = cluster.locator('.jp-emr-Ec2Clusters-instances tr td:first-child');
    // One row per instance group; moto does not promise an order.
    await expect(roles).toHaveCount(3);
    expect((await roles.allTextContents()).sort()).toEqual(['CORE', 'MASTER', 'TASK']);
    const steps = cluster.locator('.jp-emr-Ec2Clusters-stepName');
    const stepNames: string[] = seed.emr.steps.map((step: { name: string }) => step.name);
    await expect(steps).toHaveCount(stepNames.length);
    for (const name of stepNames) {
      await expect(steps.filter({ hasText: name })).toHaveCount(1);
    }

    const eks = emr.eksCluster(EKS_CLUSTER);
    await expect(eks).toHaveCount(1);
    await expect(eks).toHaveAttribute('data-virtual-cluster-id', seed.emrContainers.virtualClusterId);
  });
});
