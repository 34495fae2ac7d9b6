"""Children that exit on their own: autorestart, exitcodes, startsecs/BACKOFF/FATAL, and
commands that cannot be spawned (reference 2.3, 2.4; log texts 6.3)."""

import os
import time
import unittest

import harness


class AutorestartTest(harness.SvcdTestCase):

    def counted_exit(self, name, codes, then_sleep=True):
        """A child that exits with codes[n] on its n-th start (then sleeps, or keeps exiting
        with the last code)."""
        counter = self.path(name + ".count")
        cases = "\n".join("  %d) exit %d ;;" % (i + 1, c) for i, c in enumerate(codes))
        tail = "exec sleep 300" if then_sleep else "exit %d" % codes[-1]
        return self.script(name + ".sh", """
n=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 ))
echo $n > {counter}
case $n in
{cases}
esac
{tail}
""".format(counter=counter, cases=cases, tail=tail))

    def test_unexpected_restarts_on_code_not_in_exitcodes(self):
        self.config({"u": {"command": self.counted_exit("u", [4]), "startsecs": "0",
                           "autorestart": "unexpected", "exitcodes": "0,3"}})
        self.start()
        self.wait_spawned("u", 2)
        self.assert_log(r"^exited: u \(exit status 4; not expected\)$", "WARN", count=1)

    def test_unexpected_does_not_restart_on_expected_code(self):
        self.config({"u": {"command": self.counted_exit("u", [3]), "startsecs": "0",
                           "autorestart": "unexpected", "exitcodes": "0,3"},
                     # a second program that exits after u, so "no restart" is observable
                     "later": {"command": "sh -c 'sleep 1.2'", "startsecs": "0",
                               "autorestart": "false", "priority": "1000"}})
        self.start()
        self.wait_log(r"^exited: u \(exit status 3; expected\)$", level="INFO")
        self.wait_log(r"^exited: later \(exit status 0; expected\)$")
        self.assertEqual(len(self.spawned_pids("u")), 1)

    def test_true_restarts_even_on_expected_code(self):
        self.config({"t": {"command": self.counted_exit("t", [0]), "startsecs": "0",
                           "autorestart": "true"}})
        self.start()
        self.wait_spawned("t", 2)
        self.assert_log(r"^exited: t \(exit status 0; expected\)$", "INFO", count=1)

    def test_false_never_restarts(self):
        self.config({"f": {"command": self.counted_exit("f", [4]), "startsecs": "0",
                           "autorestart": "false"},
                     "later": {"command": "sh -c 'sleep 1.2'", "startsecs": "0",
                               "autorestart": "false", "priority": "1000"}})
        self.start()
        self.wait_log(r"^exited: f \(exit status 4; not expected\)$", level="WARN")
        self.wait_log(r"^exited: later \(exit status 0; expected\)$")
        self.assertEqual(len(self.spawned_pids("f")), 1)

    def test_killed_by_signal_is_unexpected(self):
        # A signal death has no exit status (-1): never in exitcodes, so it is restarted.
        script = self.script("selfkill.sh", """
if [ -e {tmp}/once ]; then exec sleep 300; fi
touch {tmp}/once
kill -KILL $$
""".format(tmp=self.tmp))
        self.config({"k": {"command": script, "startsecs": "0", "autorestart": "unexpected"}})
        self.start()
        self.wait_spawned("k", 2)
        self.assert_log(r"^exited: k \(terminated by SIGKILL; not expected\)$", "WARN")

    def test_running_resets_backoff_counter(self):
        # Exits quickly twice, then stays up past startsecs: RUNNING, never FATAL.
        self.config({"r": {"command": self.counted_exit("r", [1, 1]), "startsecs": "1",
                           "startretries": "2"}})
        self.start()
        self.wait_running("r", timeout=15)
        self.assertEqual(len(self.spawned_pids("r")), 3)
        self.assert_no_log(r"gave up")


class BackoffTest(harness.SvcdTestCase):

    def test_backoff_delays_then_fatal(self):
        self.config({"quick": {"command": "sh -c 'exit 1'", "startsecs": "1",
                               "startretries": "2"}})
        self.start()
        gave_up = self.wait_log(
            r"^gave up: quick entered FATAL state, too many start retries too quickly$",
            level="INFO", timeout=15)
        spawns = self.matching(r"^spawned: 'quick' with pid \d+$", "INFO")
        self.assertEqual(len(spawns), 3, "startretries=2 means 3 attempts")
        exits = self.assert_log(r"^exited: quick \(exit status 1; not expected\)$", "WARN",
                                count=3)
        # BACKOFF delays grow 1 s, 2 s (measured exit → next spawn).
        d1 = spawns[1].time - exits[0].time
        d2 = spawns[2].time - exits[1].time
        self.assertGreater(d1, 0.8)
        self.assertLess(d1, 1.6)
        self.assertGreater(d2, 1.8)
        self.assertLess(d2, 2.6)
        self.assertLess(gave_up[0].time - exits[2].time, 1.2)

    def test_expected_code_before_startsecs_is_not_expected(self):
        # Exiting during STARTING is "not expected" whatever the code (reference 2.3).
        self.config({"early": {"command": "sh -c 'exit 0'", "startsecs": "1",
                               "startretries": "0", "exitcodes": "0"}})
        self.start()
        self.wait_log(r"^gave up: early entered FATAL state", timeout=8)
        self.assert_log(r"^exited: early \(exit status 0; not expected\)$", "WARN", count=1)

    def test_startretries_zero_is_one_attempt(self):
        self.config({"once": {"command": "sh -c 'exit 2'", "startsecs": "1",
                              "startretries": "0"}})
        self.start()
        self.wait_log(r"^gave up: once entered FATAL state", timeout=8)
        self.assertEqual(len(self.spawned_pids("once")), 1)

    def test_exit_after_startsecs_is_not_backoff(self):
        # Up for more than startsecs, then exits 0: RUNNING then EXITED (expected), restarted.
        script = self.script("late.sh", "sleep 1.3\nexit 0\n")
        self.config({"late": {"command": script, "startsecs": "1", "autorestart": "unexpected"},
                     "marker": {"command": "sh -c 'sleep 2'", "startsecs": "0",
                                "autorestart": "false"}})
        self.start()
        self.wait_log(r"^success: late entered RUNNING state, process has stayed up for > than 1 "
                      r"seconds \(startsecs\)$", level="INFO")
        self.wait_log(r"^exited: late \(exit status 0; expected\)$", level="INFO")
        self.wait_log(r"^exited: marker ")
        self.assertEqual(len(self.spawned_pids("late")), 1)


class SpawnErrorTest(harness.SvcdTestCase):

    def test_missing_command(self):
        missing = self.path("no-such-program")
        self.config({"ghost": {"command": missing, "startretries": "1"}})
        self.start()
        self.wait_log(r"^gave up: ghost entered FATAL state, too many start retries too quickly$",
                      timeout=8)
        self.assert_log(r"^spawnerr: can't find command '%s'$" % missing, "INFO", count=2)
        self.assertEqual(self.spawned_pids("ghost"), [])

    def test_missing_command_on_path(self):
        self.config({"ghost": {"command": "svc-it-no-such-command", "startretries": "0"}})
        self.start()
        self.wait_log(r"^gave up: ghost entered FATAL state", timeout=8)
        self.assert_log(r"^spawnerr: can't find command 'svc-it-no-such-command'$", "INFO")

    def test_non_executable_file(self):
        p = self.path("not-exec.sh")
        with open(p, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(p, 0o644)
        self.config({"noexec": {"command": p, "startretries": "0"}})
        self.start()
        self.wait_log(r"^gave up: noexec entered FATAL state", timeout=8)
        self.assert_log(r"^spawnerr: command at '%s' is not executable$" % p, "INFO")

    def test_directory_as_command(self):
        self.config({"dir": {"command": self.logdir, "startretries": "0"}})
        self.start()
        self.wait_log(r"^gave up: dir entered FATAL state", timeout=8)
        self.assert_log(r"^spawnerr: command at '%s' is a directory$" % self.logdir, "INFO")

    def test_bad_directory(self):
        bad = self.path("no-such-dir")
        self.config({"baddir": {"command": "sleep 300", "directory": bad, "startsecs": "1",
                                "startretries": "1"}})
        self.start()
        self.wait_log(r"^gave up: baddir entered FATAL state", timeout=10)
        self.assert_log(r"^exited: baddir \(exit status 127; not expected\)$", "WARN", count=2)
        want = ("supervisor: couldn't chdir to %s: ENOENT\n"
                "supervisor: child process was not spawned\n") % bad * 2
        # the exit may be reaped before the last output is read: wait for it
        self.wait_file(self.auto_log("baddir", "stderr"), lambda d: d and len(d) >= len(want))
        self.assertEqual(self.read(self.auto_log("baddir", "stderr")), want)

    def test_bad_directory_with_redirect_stderr(self):
        bad = self.path("no-such-dir")
        self.config({"baddir": {"command": "sleep 300", "directory": bad, "startsecs": "1",
                                "startretries": "0", "redirect_stderr": "true"}})
        self.start()
        self.wait_log(r"^gave up: baddir entered FATAL state", timeout=10)
        out = self.wait_file(self.auto_log("baddir", "stdout"), lambda d: d and d.count("\n") >= 2)
        self.assertEqual(out, "supervisor: couldn't chdir to %s: ENOENT\n"
                              "supervisor: child process was not spawned\n" % bad)
        self.assertEqual(self.auto_logs("baddir", "stderr"), [])


if __name__ == "__main__":
    harness.main()
