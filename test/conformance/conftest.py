def pytest_configure(config):
    # Suites that run cells on a Livy session; scripts/test deselects them (and says why) on a
    # machine where no Livy could be installed.
    config.addinivalue_line("markers", "livy: needs a running Livy session")
