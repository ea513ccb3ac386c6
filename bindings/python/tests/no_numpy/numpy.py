# First on PYTHONPATH in the python-no-numpy test: numpy is not there.
raise ImportError("numpy is hidden for this test run (bindings/python/tests/no_numpy)")
