"""svcd --plan (a plan from `svc build`) and supervisord's command-line flags."""

import json
import os
import signal
import subprocess
import unittest

import harness
from harness import alive


@unittest.skipIf(harness.ORACLE, "svcd-only: --plan")
class PlanTest(harness.SvcdTestCase):

    def build(self, conf, out="plan.json"):
        plan = self.path(out)
        r = subprocess.run([harness.SVC, "build", conf, "-o", plan], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return plan

    def valid_plan(self):
        return self.build(self.config({"p": {"command": "sleep 300", "startsecs": "0"}}))

    def refused(self, plan_path, message_pattern):
        proc = self.start(["--plan", plan_path], wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        err = self.stderr_of(proc)
        self.assertRegex(err, message_pattern)
        self.assertRegex(err, r"\nFor help, use .*svcd -h\n$")
        self.assertFalse(os.path.exists(self.main_log), "nothing started: no main log")
        self.assertFalse(os.path.exists(self.pidfile))
        self.assertEqual(self.our_processes(), [])

    def test_plan_runs(self):
        plan = self.valid_plan()
        os.unlink(self.path("supervisord.conf"))  # the plan is all svcd needs
        proc = self.start(["--plan", plan])
        pid = self.wait_spawned("p")
        self.wait_exec(pid, "sleep")
        self.assertEqual(self.read(self.pidfile), "%d\n" % proc.pid)
        self.assertEqual(self.stop_svcd(), 0)
        self.assertFalse(alive(pid))

    def test_corrupt_plan(self):
        p = self.path("corrupt.json")
        with open(p, "w") as f:
            f.write('{"plan_version": 1, garbage')
        self.refused(p, r"^Error: plan %s is not usable: plan is not valid JSON: .+\n" % p)

    def test_truncated_plan(self):
        plan = self.valid_plan()
        text = self.read(plan)
        with open(plan, "w") as f:
            f.write(text[:len(text) // 2])
        self.refused(plan, r"^Error: plan %s is not usable: plan is not valid JSON" % plan)

    def test_empty_plan(self):
        p = self.path("empty.json")
        open(p, "w").close()
        self.refused(p, r"^Error: plan %s is not usable: " % p)

    def test_other_plan_version(self):
        plan = self.valid_plan()
        doc = json.loads(self.read(plan))
        doc["plan_version"] = doc["plan_version"] + 1
        with open(plan, "w") as f:
            json.dump(doc, f)
        self.refused(plan, r"^Error: plan %s is not usable: plan_version %d is not supported "
                           r"by this svcd \(expects %d\)\n" % (plan, doc["plan_version"],
                                                               doc["plan_version"] - 1))

    def test_plan_without_version(self):
        plan = self.valid_plan()
        doc = json.loads(self.read(plan))
        del doc["plan_version"]
        with open(plan, "w") as f:
            json.dump(doc, f)
        self.refused(plan, r"^Error: plan %s is not usable: .*plan_version" % plan)

    def test_plan_not_matching_schema(self):
        plan = self.valid_plan()
        doc = json.loads(self.read(plan))
        doc["processes"] = "x"
        with open(plan, "w") as f:
            json.dump(doc, f)
        self.refused(plan, r"^Error: plan %s is not usable: processes: expected array" % plan)

    def test_missing_plan_file(self):
        p = self.path("nope.json")
        self.refused(p, r"^Error: could not read plan file %s\n" % p)

    def test_plan_and_config_together(self):
        plan = self.valid_plan()
        proc = self.start(["--plan", plan, "-c", self.path("supervisord.conf")],
                          wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertRegex(self.stderr_of(proc), r"^Error: -c and --plan cannot be combined\n")

    def test_sighup_reloads_the_plan_file(self):
        plan = self.valid_plan()
        proc = self.start(["--plan", plan])
        self.wait_exec(self.wait_spawned("p"), "sleep")
        self.config({"p": {"command": "sleep 300", "startsecs": "0"},
                     "q": {"command": "sleep 301", "startsecs": "0"}})
        self.build(self.path("supervisord.conf"))
        self.signal(signal.SIGHUP)
        self.wait_spawned("q")
        self.wait_spawned("p", 2)

    def test_sighup_with_corrupt_plan_exits_2(self):
        plan = self.valid_plan()
        proc = self.start(["--plan", plan])
        pid = self.wait_spawned("p")
        self.wait_exec(pid, "sleep")
        with open(plan, "w") as f:
            f.write("{")
        self.signal(signal.SIGHUP)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertFalse(alive(pid))
        self.assert_log(r"^restart failed: plan %s is not usable" % plan, "CRIT")
        self.assertEqual(self.our_processes(), [])


class CommandLineTest(harness.SvcdTestCase):
    """supervisord's flags beat the config's [supervisord] values."""

    def test_flags_override_config(self):
        self.config({"p": {"command": "sh -c 'echo hi; exec sleep 300'", "startsecs": "0"}},
                    supervisord={"loglevel": "info"})
        other_log = self.path("other.log")
        other_pid = self.path("other.pid")
        other_dir = self.path("otherlogs")
        os.mkdir(other_dir)
        proc = self.start(["-c", self.path("supervisord.conf"), "-n", "-l", other_log,
                           "-j", other_pid, "-q", other_dir, "-e", "debug", "-i", "myid"],
                          wait_started=False)
        self.main_log = other_log
        self.wait_log(r"^supervisord started with pid %d$" % proc.pid)
        self.assertEqual(self.read(other_pid), "%d\n" % proc.pid)
        self.assertFalse(os.path.exists(self.pidfile))
        self.assertFalse(os.path.exists(self.path("main.log")))
        self.wait_spawned("p")
        names = os.listdir(other_dir)
        self.assertEqual(sorted(n.split("---")[0] for n in names), ["p-stderr", "p-stdout"])
        for n in names:
            self.assertRegex(n, r"^p-std(out|err)---myid-\w+\.log$")
        self.assertEqual(os.listdir(self.logdir), [])
        self.assertEqual(self.stop_svcd(), 0)
        self.assert_log(r"^killing p \(pid \d+\) with signal SIGTERM$", "DEBG")  # -e debug
        self.assertFalse(os.path.exists(other_pid))

    def test_quiet_loglevel_flag(self):
        self.config({"p": {"command": "sleep 300", "startsecs": "0"}})
        proc = self.start(["-c", self.path("supervisord.conf"), "-e", "warn"],
                          wait_started=False)
        self.wait_file(self.pidfile, lambda d: d == "%d\n" % proc.pid)
        pid = self.wait_for(lambda: [p for p in self.our_processes() if p != proc.pid], 10,
                            "the child")[0]
        self.wait_exec(pid, "sleep")
        self.assertEqual(self.stop_svcd(), 0)
        levels = {r.level for r in self.log()}
        self.assertTrue(levels <= {"WARN", "ERRO", "CRIT"}, levels)
        self.assert_log(r"^received SIGTERM indicating exit request$", "WARN")

    def bad_flag(self, flag, value):
        self.config({"p": {"command": "sleep 300"}})
        proc = self.start(["-c", self.path("supervisord.conf"), flag, value],
                          wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertFalse(os.path.exists(self.pidfile))
        return self.stderr_of(proc)

    def test_bad_long_flag_value(self):
        self.assertEqual(self.bad_flag("--loglevel", "loud").splitlines()[0],
                         "Error: invalid value for --loglevel 'loud': bad logging level name "
                         "'loud'")

    def test_bad_short_flag_value(self):
        self.assertEqual(self.bad_flag("-e", "loud").splitlines()[0],
                         "Error: invalid value for -e 'loud': bad logging level name 'loud'")

    def test_unknown_option(self):
        proc = self.start(["--bogus"], wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertRegex(self.stderr_of(proc), r"^Error: option --bogus not recognized\n")

    def test_bad_config_exits_2(self):
        self.config({"p": {"command": "sleep 300", "startsecs": "soon"}})
        proc = self.start(wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertIn("'soon'", self.stderr_of(proc))
        self.assertFalse(os.path.exists(self.pidfile))
        self.assertEqual(self.our_processes(), [])

    def test_missing_log_directory_exits_2(self):
        missing = self.path("nodir", "x.log")
        self.config({"p": {"command": "sleep 300", "stdout_logfile": missing}})
        proc = self.start(wait_started=False)
        self.assertEqual(self.wait_exit(proc), 2)
        self.assertIn(os.path.dirname(missing), self.stderr_of(proc))
        self.assertEqual(self.our_processes(), [])

    def test_version(self):
        r = subprocess.run([harness.SVCD, "-v"], capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout), (0, "4.2.5\n"))


if __name__ == "__main__":
    harness.main()
