"""svcd's own signals besides shutdown: SIGUSR2 reopens every log, SIGHUP restarts with the
config read again (reference 7.3, 2.7, 6.2)."""

import os
import re
import signal
import time
import unittest

import harness
from harness import alive

COUNTER = """
i=0
while :; do
  i=$((i+1))
  echo "line $i"
  sleep 0.05
done
"""


def numbers(text):
    return [int(m) for m in re.findall(r"^line (\d+)$", text or "", re.M)]


class LogReopenTest(harness.SvcdTestCase):

    def test_usr2_reopens_child_log(self):
        log = self.path("child.log")
        self.config({"counter": {"command": self.script("counter.sh", COUNTER),
                                 "startsecs": "0", "stdout_logfile": log}})
        self.start()
        self.wait_file(log, lambda d: d and len(numbers(d)) >= 3)
        os.rename(log, log + ".old")
        # Until the reopen, output keeps going to the moved file.
        n = len(numbers(self.read(log + ".old")))
        self.wait_file(log + ".old", lambda d: len(numbers(d)) > n)
        self.assertFalse(os.path.exists(log))
        self.signal(signal.SIGUSR2)
        self.wait_log(r"^received SIGUSR2 indicating log reopen request$", level="INFO")
        new = numbers(self.wait_file(log, lambda d: d and len(numbers(d)) >= 3))
        old = numbers(self.read(log + ".old"))
        # Nothing lost, nothing written twice: the old file ends where the new one starts.
        self.assertEqual(old + new, list(range(1, len(old) + len(new) + 1)))
        time.sleep(0.2)
        self.assertEqual(numbers(self.read(log + ".old")), old, "old file no longer written")

    def test_usr2_reopens_auto_log(self):
        self.config({"counter": {"command": self.script("counter.sh", COUNTER),
                                 "startsecs": "0"}})
        self.start()
        log = self.auto_log("counter")
        self.wait_file(log, lambda d: d and len(numbers(d)) >= 2)
        os.unlink(log)
        self.signal(signal.SIGUSR2)
        self.wait_log(r"^received SIGUSR2 indicating log reopen request$")
        self.wait_file(log, lambda d: d and len(numbers(d)) >= 2)

    def test_usr2_reopens_main_log(self):
        self.config({"s": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start()
        self.wait_exec(self.wait_spawned("s"), "sleep")
        old = self.main_log + ".old"
        os.rename(self.main_log, old)
        self.signal(signal.SIGUSR2)
        self.wait_file(self.main_log)
        self.assertEqual(self.stop_svcd(), 0)
        old_records = harness.parse_main_log(self.read(old))
        new_records = self.log()
        # supervisord logs both lines before reopening, so they land in the old file.
        self.assertEqual([r.message for r in old_records[-2:]],
                         ["received SIGUSR2 indicating log reopen request",
                          "supervisord logreopen"])
        self.assertTrue(self.matching(r"^received SIGTERM indicating exit request$",
                                      records=new_records))
        self.assertFalse(self.matching(r"^received SIGTERM", records=old_records))


class RestartTest(harness.SvcdTestCase):

    def test_sighup_restarts_with_changed_config(self):
        self.config({"keep": {"command": "sleep 300", "startsecs": "0"},
                     "gone": {"command": "sleep 301", "startsecs": "0"}})
        proc = self.start()
        keep1 = self.wait_spawned("keep")
        gone = self.wait_spawned("gone")
        self.wait_exec(keep1, "sleep")
        self.wait_exec(gone, "sleep")
        self.config({"keep": {"command": "sleep 300", "startsecs": "0"},
                     "new": {"command": "sleep 302", "startsecs": "0"}})
        self.signal(signal.SIGHUP)
        self.wait_log(r"^received SIGHUP indicating restart request$", level="WARN")
        new = self.wait_spawned("new")
        keep2 = self.wait_spawned("keep", 2)
        self.assertNotEqual(keep1, keep2, "every process is restarted")
        self.assertFalse(alive(keep1))
        self.assertFalse(alive(gone))
        self.assertTrue(alive(new))
        self.assert_log(r"^stopped: gone \(terminated by SIGTERM\)$", "WARN")
        self.assertEqual(self.spawned_pids("gone"), [gone], "a removed program is not restarted")
        self.assertIsNone(proc.poll())
        self.assertEqual(self.read(self.pidfile), "%d\n" % proc.pid, "same pid, same pidfile")
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(alive(new))
        self.assertFalse(alive(keep2))

    def test_sighup_logs_started_again(self):
        self.config({"p": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start()
        self.wait_exec(self.wait_spawned("p"), "sleep")
        self.signal(signal.SIGHUP)
        self.wait_spawned("p", 2)
        self.wait_log(r"^supervisord started with pid %d$" % proc.pid, count=2)

    def test_sighup_applies_changed_settings(self):
        # The restarted process runs the new command line.
        self.config({"p": {"command": "sleep 300", "startsecs": "0"}})
        self.start()
        self.wait_exec(self.wait_spawned("p"), "sleep")
        script = self.script("v2.sh", "echo v2 > %s/v2\nexec sleep 300\n" % self.tmp)
        self.config({"p": {"command": script, "startsecs": "0"}})
        self.signal(signal.SIGHUP)
        self.wait_spawned("p", 2)
        self.wait_file(self.path("v2"), lambda d: d == "v2\n")

    def test_sighup_recreates_auto_logs(self):
        self.config({"p": {"command": "sh -c 'echo first; exec sleep 300'", "startsecs": "0"}})
        self.start()
        old = self.auto_log("p")
        self.wait_file(old, lambda d: d == "first\n")
        self.signal(signal.SIGHUP)
        self.wait_spawned("p", 2)
        new = self.auto_log("p")
        self.assertNotEqual(new, old)
        self.assertFalse(os.path.exists(old))

    def test_sighup_during_shutdown_is_ignored(self):
        stubborn = self.script("stubborn.sh", "trap '' TERM\ntouch %s/ready\n"
                               "while :; do sleep 0.05; done\n" % self.tmp)
        self.config({"stubborn": {"command": stubborn, "startsecs": "0", "stopwaitsecs": "2"}})
        proc = self.start()
        self.wait_spawned("stubborn")
        self.wait_file(self.path("ready"))
        proc.send_signal(signal.SIGTERM)
        self.wait_log(r"^killing stubborn \(pid \d+\) with signal SIGTERM$")
        proc.send_signal(signal.SIGHUP)
        self.wait_log(r"^ignored SIGHUP indicating restart request \(shutdown in progress\)$",
                      level="WARN")
        self.assertEqual(self.wait_exit(proc), 0)
        self.assertEqual(len(self.spawned_pids("stubborn")), 1)

    def test_sighup_with_broken_config_exits_2(self):
        self.config({"p": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start()
        pid = self.wait_spawned("p")
        self.wait_exec(pid, "sleep")
        with open(self.path("supervisord.conf"), "a") as f:
            f.write("\n[program:bad]\nstartsecs=notanumber\n")
        proc.send_signal(signal.SIGHUP)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertFalse(alive(pid))
        self.assertEqual(self.our_processes(), [])


if __name__ == "__main__":
    harness.main()
