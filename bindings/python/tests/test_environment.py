"""What the test run was asked to test: the right package, the right library,
numpy present or hidden. The switches are set by meson test
(bindings/python/meson.build) and by .ci/run for the installed package:

CSAT_PYTHON_REQUIRE_NUMPY=1   numpy must be importable (the "with numpy" run)
CSAT_PYTHON_NO_NUMPY=1        the bindings must run without numpy, and numpy
                              and pandas must not be importable
CSAT_EXPECT_PACKAGE_UNDER     csat must be imported from under this directory
CSAT_EXPECT_LIBRARY_UNDER     the loaded libcsat must be under this directory
"""
import os
import sys
import unittest

import csat

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_PACKAGE = os.path.join(HERE, "..", "csat")


def _under(path, directory):
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([path, directory]) == directory


def _modules(directory):
    return sorted(f for f in os.listdir(directory) if f.endswith(".py") and f != "_installed.py")


class TestEnvironment(unittest.TestCase):
    def test_numpy_when_required(self):
        if os.environ.get("CSAT_PYTHON_REQUIRE_NUMPY") != "1":
            self.skipTest("CSAT_PYTHON_REQUIRE_NUMPY not set")
        self.assertNotEqual(os.environ.get("CSAT_PYTHON_NO_NUMPY"), "1")
        self.assertTrue(csat.HAVE_NUMPY,
                        f"this run must test numpy (CSAT_PYTHON_REQUIRE_NUMPY=1) but {sys.executable} "
                        "cannot import numpy: install python3-numpy, or configure with "
                        "-Dpython_numpy=auto or disabled")

    def test_numpy_and_pandas_hidden(self):
        if os.environ.get("CSAT_PYTHON_NO_NUMPY") != "1":
            self.skipTest("CSAT_PYTHON_NO_NUMPY not set")
        self.assertFalse(csat.HAVE_NUMPY)
        with self.assertRaises(ImportError):
            import numpy  # noqa: F401
        with self.assertRaises(ImportError):
            import pandas  # noqa: F401

    def test_package_location(self):
        where = os.environ.get("CSAT_EXPECT_PACKAGE_UNDER")
        if not where:
            self.skipTest("CSAT_EXPECT_PACKAGE_UNDER not set")
        self.assertTrue(_under(csat.__file__, where), f"csat imported from {csat.__file__}, not under {where}")

    def test_library_location(self):
        where = os.environ.get("CSAT_EXPECT_LIBRARY_UNDER")
        if not where:
            self.skipTest("CSAT_EXPECT_LIBRARY_UNDER not set")
        self.assertTrue(os.path.isabs(csat.library_path), csat.library_path)
        self.assertTrue(_under(csat.library_path, where),
                        f"libcsat loaded from {csat.library_path} ({csat.library_origin}), not under {where}")

    def test_installed_package_is_complete(self):
        """An installed csat has every module of the source package it was built from."""
        installed = os.path.dirname(os.path.abspath(csat.__file__))
        if not os.path.isdir(SOURCE_PACKAGE) or _under(installed, SOURCE_PACKAGE):
            self.skipTest("csat is the source tree's package")
        self.assertEqual(_modules(installed), _modules(SOURCE_PACKAGE))


if __name__ == "__main__":
    unittest.main()
