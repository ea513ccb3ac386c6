import unittest

import csat


class TestCore(unittest.TestCase):
    def test_version(self):
        self.assertEqual(csat.__version__, "0.1.0")

    def test_error_hierarchy(self):
        self.assertTrue(issubclass(csat.InvalidArgument, ValueError))
        self.assertTrue(issubclass(csat.OutOfMemory, MemoryError))
        self.assertTrue(issubclass(csat.NoConvergence, RuntimeError))
        self.assertEqual(csat.strerror(-1), "invalid argument")

    def test_result_attributes(self):
        r = csat.Result(score=1.5)
        self.assertEqual(r.score, 1.5)
        self.assertEqual(r["score"], 1.5)



class TestCoverage(unittest.TestCase):
    def test_every_header_function_is_bound(self):
        """The bindings expose everything the header does: each csat_* function
        declared in include/csat.h is named somewhere in the csat package."""
        import os
        import re
        here = os.path.dirname(os.path.abspath(__file__))
        header = os.path.join(here, "..", "..", "..", "include", "csat.h")
        if not os.path.exists(header):
            self.skipTest("csat.h not found next to the bindings")
        text = re.sub(r"/\*.*?\*/", "", open(header).read(), flags=re.S)
        declared = set(re.findall(r"\b(csat_[a-z0-9_]+)\s*\(", text))
        pkg = os.path.dirname(csat.__file__)
        source = "".join(open(os.path.join(pkg, f)).read() for f in os.listdir(pkg) if f.endswith(".py"))
        missing = sorted(name for name in declared if name not in source)
        self.assertEqual(missing, [], "functions without Python bindings")


if __name__ == "__main__":
    unittest.main()
