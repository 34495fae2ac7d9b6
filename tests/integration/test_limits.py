"""Resource exhaustion at spawn time (reference 4: spawnerr): when svcd runs out of file
descriptors for a child's pipes, the process gets supervisord's spawnerr, goes through BACKOFF
(or FATAL once the retries are used up), svcd stays up, and the process recovers once
descriptors are free again."""

import os
import resource
import unittest

import harness
from harness import alive


class LimitsTest(harness.SvcdTestCase):

    def programs(self, startretries):
        return {
            "steady": {"command": "sleep 300", "startsecs": "0", "priority": "1"},
            # Exits after a second and is restarted: the restart is the spawn that runs short.
            "late": {"command": "sleep 1", "startsecs": "0", "autorestart": "true",
                     "startretries": str(startretries), "priority": "2"},
        }

    def squeeze_fds(self, pid):
        """Lowers svcd's RLIMIT_NOFILE to two above the descriptors it has open now: the three
        pipes (six fds) of the next spawn cannot fit, even once the exited child's three are
        closed. The two spare ones are for the sanitizers, which probe memory through a pipe.
        Returns the limit to restore."""
        saved = resource.prlimit(pid, resource.RLIMIT_NOFILE)
        in_use = len(os.listdir("/proc/%d/fd" % pid))
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (in_use + 2, saved[1]))
        self.addCleanup(self.restore_fds, pid, saved)
        return saved

    @staticmethod
    def restore_fds(pid, saved):
        if alive(pid):
            try:
                resource.prlimit(pid, resource.RLIMIT_NOFILE, saved)
            except ProcessLookupError:
                pass

    def test_too_many_open_files_backs_off_and_recovers(self):
        self.config(self.programs(startretries=20), supervisord={"minfds": "16"})
        proc = self.start()
        self.wait_log(r"^success: late entered RUNNING state")
        saved = self.squeeze_fds(proc.pid)
        self.wait_log(r"^spawnerr: too many open files to spawn 'late'$", level="INFO")
        self.assertIsNone(proc.poll(), "svcd exited on EMFILE")
        self.assert_no_log(r"^gave up: late")
        steady = self.spawned_pids("steady")
        self.assertEqual(len(steady), 1)
        self.assertTrue(alive(steady[0]), "the other program keeps running")
        resource.prlimit(proc.pid, resource.RLIMIT_NOFILE, saved)
        # The backoff retry (1 s, then 2 s, ...) finds descriptors again.
        self.wait_log(r"^success: late entered RUNNING state", count=2, timeout=15)
        self.assertEqual(self.stop_svcd(), 0)
        self.assertEqual(self.our_processes(), [])

    def test_too_many_open_files_until_fatal(self):
        self.config(self.programs(startretries=1), supervisord={"minfds": "16"})
        proc = self.start()
        self.wait_log(r"^success: late entered RUNNING state")
        self.squeeze_fds(proc.pid)
        self.wait_log(r"^gave up: late entered FATAL state, too many start retries too "
                      r"quickly$", timeout=15)
        spawnerrs = self.matching(r"^spawnerr: too many open files to spawn 'late'$")
        self.assertEqual(len(spawnerrs), 2, "the first try and one retry")
        self.assertIsNone(proc.poll(), "svcd exited on EMFILE")
        self.assertTrue(alive(self.spawned_pids("steady")[0]))
        self.assertEqual(self.stop_svcd(), 0)
        self.assertEqual(self.our_processes(), [])


if __name__ == "__main__":
    unittest.main()
