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


if __name__ == "__main__":
    unittest.main()
