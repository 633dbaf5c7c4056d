// Real services on two cores are slow (a Livy session takes up to 90 s to start). Jest applies
// testTimeout only from the top-level config, not per project, so the integration tiers set it here;
// a test that needs a different bound passes its own.
jest.setTimeout(600_000);
