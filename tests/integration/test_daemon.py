"""svcd as a process: priorities, pidfile, a second instance, SIGTERM at start-up and with
running children, reaping (reference 2.7, 7.1, 7.3, 7.7)."""

import os
import re
import signal
import subprocess
import time
import unittest

import harness
from harness import alive, children_of


class PriorityTest(harness.SvcdTestCase):

    def test_start_order_and_reverse_stop_order(self):
        programs = {}
        for name, prio in (("p30", 30), ("p10", 10), ("p20", 20), ("p5", 5)):
            programs[name] = {"command": "sleep 300", "startsecs": "0", "priority": str(prio)}
        self.config(programs)
        self.start()
        for name in programs:
            self.wait_exec(self.wait_spawned(name), "sleep")
        spawned = [re.match(r"spawned: '(\w+)'", r.message).group(1)
                   for r in self.matching(r"^spawned: ")]
        self.assertEqual(spawned, ["p5", "p10", "p20", "p30"])
        self.assertEqual(self.stop_svcd(), 0)
        stopped = [re.match(r"stopped: (\w+) ", r.message).group(1)
                   for r in self.matching(r"^stopped: ")]
        self.assertEqual(stopped, ["p30", "p20", "p10", "p5"])
        # One group at a time: the next is signalled only once the previous one is stopped.
        records = self.log()
        order = [(r.message.split()[1]) for r in records
                 if re.match(r"^(killing \w+ \(pid|stopped: )", r.message)]
        self.assertEqual(order, ["p30", "p30", "p20", "p20", "p10", "p10", "p5", "p5"])

    def test_same_priority_starts_in_name_order(self):
        programs = {n: {"command": "sleep 300", "startsecs": "0"} for n in ("c", "a", "b")}
        self.config(programs)
        self.start()
        self.wait_spawned("c")
        spawned = [re.match(r"spawned: '(\w+)'", r.message).group(1)
                   for r in self.matching(r"^spawned: ")]
        self.assertEqual(spawned, ["a", "b", "c"])


class PidfileTest(harness.SvcdTestCase):

    def test_pidfile_written_and_removed(self):
        self.config({"s": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start()
        self.assertEqual(self.read(self.pidfile), "%d\n" % proc.pid)
        self.wait_exec(self.wait_spawned("s"), "sleep")
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(os.path.exists(self.pidfile))

    def test_stale_pidfile_is_replaced(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        with open(self.pidfile, "w") as f:
            f.write("%d\n" % dead.pid)
        self.config({"s": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start()
        self.assertEqual(self.read(self.pidfile), "%d\n" % proc.pid)

    def second_instance(self):
        """Starts a second daemon on the same config while the first runs; returns its exit
        code after checking the first one is untouched."""
        sock = self.path("sv.sock")  # supervisord's only guard is its HTTP socket
        self.config({"s": {"command": "sh -c 'echo hello; exec sleep 300'", "startsecs": "0"}},
                    extra="\n[unix_http_server]\nfile=%s\n" % sock)
        first = self.start()
        child = self.wait_spawned("s")
        out, err = self.auto_log("s", "stdout"), self.auto_log("s", "stderr")
        self.wait_file(out, lambda d: d == "hello\n")
        second = self.start(wait_started=False)
        rc = self.wait_exit(second)
        self.assertIsNone(first.poll(), "the first instance keeps running")
        self.assertTrue(alive(child))
        self.assertEqual(self.read(self.pidfile), "%d\n" % first.pid)
        return rc, out, err, second

    def test_second_instance_refuses(self):
        rc, out, err, second = self.second_instance()
        self.assertEqual(rc, 2)
        self.assertRegex(self.stderr_of(second), r"^Error: .+\n")
        self.assertEqual(self.spawned_pids("s")[1:], [], "the second instance spawned nothing")

    @harness.svcd_only  # quirk 16: supervisord deletes the live instance's AUTO logs here
    def test_second_instance_keeps_first_instances_auto_logs(self):
        rc, out, err, second = self.second_instance()
        self.assertEqual(self.auto_logs("s", "stdout"), [out])
        self.assertEqual(self.auto_logs("s", "stderr"), [err])
        self.assertEqual(self.read(out), "hello\n")
        # and the first instance still removes its pidfile at exit
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(os.path.exists(self.pidfile))


class ShutdownTest(harness.SvcdTestCase):

    def many_programs(self, n=6):
        # stopwaitsecs=1: supervisord loses a SIGTERM sent between its fork and exec, and
        # then needs SIGKILL (the oracle run must not take 10 s per test).
        return {"p%d" % i: {"command": "sleep 300", "startsecs": "0", "stopwaitsecs": "1"}
                for i in range(n)}

    def test_sigterm_immediately_after_launch(self):
        self.config(self.many_programs())
        proc = self.start(wait_started=False)
        proc.send_signal(signal.SIGTERM)
        rc = self.wait_exit(proc)
        # Before its handlers are installed the signal's default action ends svcd (supervisord
        # alike); after, it is an orderly shutdown. Either way nothing may be left behind.
        self.assertIn(rc, (0, -signal.SIGTERM))
        if rc == -signal.SIGTERM:
            self.assertEqual(self.spawned_pids("p0"), [])
        self.assertEqual(self.our_processes(), [])
        self.assertFalse(os.path.exists(self.pidfile), "stale pidfile after SIGTERM")

    def test_sigterm_when_pidfile_appears(self):
        self.config(self.many_programs(20))
        proc = self.start(wait_started=False)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.pidfile) and time.monotonic() < deadline:
            pass
        proc.send_signal(signal.SIGTERM)
        rc = self.wait_exit(proc)
        self.assertFalse(os.path.exists(self.pidfile), "stale pidfile after SIGTERM")
        self.assertEqual(rc, 0)
        self.assertEqual(self.our_processes(), [])

    def test_sigterm_during_spawning(self):
        self.config(self.many_programs(20))
        proc = self.start(wait_started=False)
        self.wait_log(r"^spawned: ", timeout=10, )
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.wait_exit(proc), 0)
        self.assertEqual(self.our_processes(), [])
        self.assertFalse(os.path.exists(self.pidfile))
        self.assert_log(r"^received SIGTERM indicating exit request$", "WARN")

    def check_shutdown_signal(self, signo, name):
        self.config(self.many_programs())
        proc = self.start()
        for i in range(6):
            self.wait_spawned("p%d" % i)
        pids = [self.spawned_pids("p%d" % i)[0] for i in range(6)]
        for pid in pids:
            self.wait_exec(pid, "sleep")
        proc.send_signal(signo)
        self.assertEqual(self.wait_exit(proc), 0)
        self.assert_log(r"^received %s indicating exit request$" % name, "WARN")
        for i, pid in enumerate(pids):
            self.assertFalse(alive(pid))
            self.assert_log(r"^stopped: p%d \(terminated by SIGTERM\)$" % i, "WARN")
        self.assertEqual(self.our_processes(), [])

    def test_sigterm_stops_every_child_and_exits_0(self):
        self.check_shutdown_signal(signal.SIGTERM, "SIGTERM")

    def test_sigint_stops_every_child_and_exits_0(self):
        self.check_shutdown_signal(signal.SIGINT, "SIGINT")

    def test_sigquit_stops_every_child_and_exits_0(self):
        self.check_shutdown_signal(signal.SIGQUIT, "SIGQUIT")

    def test_shutdown_with_mixed_children(self):
        stubborn = self.script("stubborn.sh", "trap '' TERM\ntouch %s/ready\n"
                               "while :; do sleep 0.05; done\n" % self.tmp)
        parent = self.script("parent.sh", "sleep 300 &\necho $! > %s/gc.pid\nwait\n" % self.tmp)
        self.config({
            "plain": {"command": "sleep 300", "startsecs": "0"},
            "stubborn": {"command": stubborn, "startsecs": "0", "stopwaitsecs": "1"},
            "family": {"command": parent, "startsecs": "0", "stopasgroup": "true"},
            "quick": {"command": "sh -c 'exit 1'", "startsecs": "1", "startretries": "5"},
            "done": {"command": "true", "startsecs": "0", "autorestart": "false"},
        })
        proc = self.start()
        self.wait_file(self.path("ready"))
        gc = int(self.wait_file(self.path("gc.pid"), lambda d: d and d.endswith("\n")))
        self.wait_log(r"^exited: done ")
        self.wait_log(r"^exited: quick ")
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.wait_exit(proc), 0)
        self.assertFalse(alive(gc))
        self.assertEqual(self.our_processes(), [])
        self.assertFalse(os.path.exists(self.pidfile))

    def test_sigterm_while_stopping_does_not_hurry(self):
        # A second SIGTERM during shutdown changes nothing: the stubborn child still gets its
        # stopwaitsecs before SIGKILL, and svcd exits 0.
        stubborn = self.script("stubborn.sh", "trap '' TERM\ntouch %s/ready\n"
                               "while :; do sleep 0.05; done\n" % self.tmp)
        self.config({"stubborn": {"command": stubborn, "startsecs": "0", "stopwaitsecs": "2"}})
        proc = self.start()
        pid = self.wait_spawned("stubborn")
        self.wait_file(self.path("ready"))
        proc.send_signal(signal.SIGTERM)
        self.wait_log(r"^killing stubborn \(pid \d+\) with signal SIGTERM$")
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.wait_exit(proc), 0)
        term = self.matching(r"^killing stubborn \(pid \d+\) with signal SIGTERM$")
        kill = self.assert_log(r"^killing 'stubborn' \(%d\) with SIGKILL$" % pid, "WARN")
        self.assertGreater(kill[0].time - term[0].time, 1.8)
        self.assertFalse(alive(pid))


class MainLogTest(harness.SvcdTestCase):

    def run_briefly(self, args=None, **sd):
        self.config({"s": {"command": "sleep 300", "startsecs": "0"},
                     "q": {"command": "sh -c 'exit 3'", "startsecs": "0",
                           "autorestart": "false"}}, supervisord=sd)
        proc = self.start(args)
        self.wait_exec(self.wait_spawned("s"), "sleep")
        self.wait_log(r"^exited: q ")
        self.assertEqual(self.stop_svcd(), 0)
        return proc

    def test_line_format(self):
        self.run_briefly(loglevel="info")
        text = self.read(self.main_log)
        self.assertTrue(text.endswith("\n"))
        for line in text.splitlines():
            self.assertRegex(line, harness.LOG_LINE)
        levels = [r.level for r in self.log()]
        self.assertNotIn("DEBG", levels)
        self.assertIn("INFO", levels)

    def test_nodaemon_echoes_log_to_stdout(self):
        proc = self.run_briefly()
        self.assertEqual(self.read(proc.stdout_path), self.read(self.main_log))

    def test_silent_flag_keeps_stdout_quiet(self):
        proc = self.run_briefly(["-c", self.path("supervisord.conf"), "-s"])
        self.assertEqual(self.read(proc.stdout_path), "")
        self.assertTrue(self.log())

    def rotate_main_log(self):
        # A program that exits at once and is restarted forever makes the log grow fast.
        self.config({"busy": {"command": "true", "startsecs": "0", "autorestart": "true"}},
                    supervisord={"logfile_maxbytes": "2KB", "logfile_backups": "2"})
        # The "started" line can be rotated into a backup before the poll reads the log.
        self.start(wait_started=False)
        self.wait_for(lambda: os.path.exists(self.main_log + ".2"), 20, "second backup")
        self.wait_for(lambda: len(self.log()) > 5, 10, "lines in the new file")
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(os.path.exists(self.main_log + ".3"))
        return [self.read(self.main_log + suffix) for suffix in (".2", ".1", "")]

    def test_main_log_rotation(self):
        for data in self.rotate_main_log():
            if not harness.ORACLE:  # quirk 43
                self.assertLessEqual(len(data.encode()), 2048)

    def test_main_log_rotation_keeps_lines_whole(self):
        for data in self.rotate_main_log():
            for line in data.splitlines():
                self.assertRegex(line, harness.LOG_LINE, "a line was split by rotation")


class ReaperTest(harness.SvcdTestCase):

    def zombies_of(self, pid):
        return [c for c, state in children_of(pid) if state == "Z"]

    def test_double_fork_leaves_no_zombie(self):
        script = self.script("doublefork.sh", """
( sleep 300 & echo $! > {tmp}/grandchild.pid ) &
wait
exit 0
""".format(tmp=self.tmp))
        self.config({"df": {"command": script, "startsecs": "0", "autorestart": "false"}})
        proc = self.start()
        self.wait_log(r"^exited: df \(exit status 0; expected\)$")
        gc = int(self.wait_file(self.path("grandchild.pid"), lambda d: d and d.endswith("\n")))
        self.expect_leftover(gc)  # reparented away from svcd; teardown kills it
        self.wait_for(lambda: not self.zombies_of(proc.pid), 5, "no zombie children of svcd")
        self.assertNotIn(gc, [c for c, _ in children_of(proc.pid)])

    def test_many_simultaneous_exits_are_all_reaped(self):
        # Twenty children exiting at once: SIGCHLDs coalesce, every exit must still be seen.
        programs = {"e%02d" % i: {"command": "sh -c 'sleep 0.5; exit 7'", "startsecs": "0",
                                  "autorestart": "false", "exitcodes": "7"}
                    for i in range(20)}
        self.config(programs)
        proc = self.start()
        self.wait_log(r"^exited: e\d\d \(exit status 7; expected\)$", count=20)
        self.wait_for(lambda: not self.zombies_of(proc.pid), 5, "no zombie children of svcd")
        self.assertEqual(children_of(proc.pid), [])

    def test_sigchld_is_logged_at_debug(self):
        self.config({"q": {"command": "true", "startsecs": "0", "autorestart": "false"}})
        self.start()
        self.wait_log(r"^exited: q \(exit status 0; expected\)$")
        self.wait_log(r"^received SIGCHLD indicating a child quit$", level="DEBG")


if __name__ == "__main__":
    harness.main()
