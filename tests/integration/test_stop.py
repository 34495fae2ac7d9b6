"""Stopping children: stopsignal, SIGKILL after stopwaitsecs, stopasgroup/killasgroup and
orphans. svcd has no RPC yet, so the stop is svcd's own shutdown (SIGTERM to svcd)."""

import signal
import time
import unittest

import harness
from harness import alive, proc_stat


class StopSignalTest(harness.SvcdTestCase):

    def trap_script(self, signame):
        """A child that records the signal it got into sig.txt and exits 0."""
        return self.script("trap.sh", """
trap 'echo {sig} > {tmp}/sig.txt; exit 0' {sig}
touch {tmp}/ready
while :; do sleep 0.05; done
""".format(sig=signame, tmp=self.tmp))

    def check_stop_signal(self, signame):
        self.config({"trapper": {"command": self.trap_script(signame), "stopsignal": signame,
                                 "startsecs": "0"}})
        self.start()
        pid = self.wait_spawned("trapper")
        self.wait_file(self.path("ready"))
        self.assertEqual(self.stop_svcd(), 0)
        self.assertEqual(self.read(self.path("sig.txt")), signame + "\n")
        self.assertFalse(alive(pid))
        self.assert_log(r"^killing trapper \(pid %d\) with signal SIG%s$" % (pid, signame), "DEBG")
        self.assert_log(r"^stopped: trapper \(exit status 0\)$", "INFO")

    def test_stopsignal_term(self):
        self.check_stop_signal("TERM")

    def test_stopsignal_int(self):
        self.check_stop_signal("INT")

    def test_stopsignal_hup(self):
        self.check_stop_signal("HUP")

    def test_stopsignal_usr1(self):
        self.check_stop_signal("USR1")

    def test_stopsignal_quit(self):
        self.check_stop_signal("QUIT")

    def test_stopped_by_signal_logs_warn(self):
        # A child that does not trap the stop signal dies of it: "terminated by SIGTERM", WARN.
        self.config({"plain": {"command": "sleep 300", "startsecs": "0"}})
        self.start()
        pid = self.wait_spawned("plain")
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(alive(pid))
        self.assert_log(r"^stopped: plain \(terminated by SIGTERM\)$", "WARN")

    def test_stop_exit_status_not_in_exitcodes_logs_warn(self):
        script = self.script("exit5.sh", """
trap 'exit 5' TERM
touch {tmp}/ready
while :; do sleep 0.05; done
""".format(tmp=self.tmp))
        self.config({"five": {"command": script, "startsecs": "0"}})
        self.start()
        self.wait_spawned("five")
        self.wait_file(self.path("ready"))
        self.assertEqual(self.stop_svcd(), 0)
        self.assert_log(r"^stopped: five \(exit status 5\)$", "WARN")

    def test_ignored_stopsignal_gets_sigkill_after_stopwaitsecs(self):
        script = self.script("stubborn.sh", """
trap '' TERM
touch {tmp}/ready
while :; do sleep 0.05; done
""".format(tmp=self.tmp))
        self.config({"stubborn": {"command": script, "startsecs": "0", "stopwaitsecs": "1"}})
        self.start()
        pid = self.wait_spawned("stubborn")
        self.wait_file(self.path("ready"))
        t0 = time.time()
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(alive(pid))
        term = self.assert_log(r"^killing stubborn \(pid %d\) with signal SIGTERM$" % pid, "DEBG")
        kill = self.assert_log(r"^killing 'stubborn' \(%d\) with SIGKILL$" % pid, "WARN")
        self.assert_log(r"^stopped: stubborn \(terminated by SIGKILL\)$", "WARN")
        waited = kill[0].time - term[0].time
        self.assertGreaterEqual(waited, 0.9, "SIGKILL came too early")
        self.assertLess(waited, 2.5, "SIGKILL came too late")
        self.assertLess(time.time() - t0, 5)


class ProcessGroupTest(harness.SvcdTestCase):

    def parent_script(self):
        """A child that starts a grandchild (sleep), records its pid, and waits."""
        return self.script("parent.sh", """
sleep 300 &
echo $! > {tmp}/grandchild.pid
wait
""".format(tmp=self.tmp))

    def grandchild(self):
        text = self.wait_file(self.path("grandchild.pid"), lambda d: d and d.endswith("\n"))
        return int(text)

    def test_stopasgroup_kills_grandchildren(self):
        self.config({"family": {"command": self.parent_script(), "startsecs": "0",
                                "stopasgroup": "true"}})
        self.start()
        pid = self.wait_spawned("family")
        gc = self.grandchild()
        self.assertEqual(proc_stat(gc)[2], pid, "grandchild is in the child's process group")
        self.assertEqual(self.stop_svcd(), 0)
        self.assert_log(r"^killing family \(pid %d\) process group with signal SIGTERM$" % pid,
                        "DEBG")
        self.wait_gone(gc, timeout=3)
        self.assertFalse(alive(pid))

    def test_without_stopasgroup_orphan_survives(self):
        self.config({"family": {"command": self.parent_script(), "startsecs": "0"}})
        self.start()
        pid = self.wait_spawned("family")
        gc = self.grandchild()
        self.expect_leftover(gc)
        self.assertEqual(self.stop_svcd(), 0)
        self.assert_log(r"^killing family \(pid %d\) with signal SIGTERM$" % pid, "DEBG")
        self.assertFalse(alive(pid))
        self.assertTrue(alive(gc), "the orphan survives its parent (supervisord does the same)")

    def check_group_sigkill(self, options):
        script = self.script("stubborn_parent.sh", """
trap '' TERM
sleep 300 &
echo $! > {tmp}/grandchild.pid
while :; do sleep 0.05; done
""".format(tmp=self.tmp))
        opts = {"command": script, "startsecs": "0", "stopwaitsecs": "1"}
        opts.update(options)
        self.config({"family": opts})
        self.start()
        pid = self.wait_spawned("family")
        gc = self.grandchild()
        self.assertEqual(self.stop_svcd(), 0)
        self.assert_log(r"^killing 'family' \(%d\) with SIGKILL$" % pid, "WARN")
        self.assert_log(r"^killing family \(pid %d\) process group with signal SIGKILL$" % pid,
                        "DEBG")
        self.wait_gone(gc, timeout=3)
        self.assertFalse(alive(pid))

    def test_killasgroup_sigkills_grandchildren(self):
        self.check_group_sigkill({"stopasgroup": "true", "killasgroup": "true"})

    def test_stopasgroup_implies_killasgroup(self):
        self.check_group_sigkill({"stopasgroup": "true"})

    def test_killasgroup_alone(self):
        # SIGTERM (ignored by the parent, and the sleeping grandchild gets none), then
        # SIGKILL to the whole group.
        self.check_group_sigkill({"killasgroup": "true"})

if __name__ == "__main__":
    harness.main()
