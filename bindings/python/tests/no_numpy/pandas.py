# First on PYTHONPATH in the python-no-numpy test: pandas is not there.
raise ImportError("pandas is hidden for this test run (bindings/python/tests/no_numpy)")
