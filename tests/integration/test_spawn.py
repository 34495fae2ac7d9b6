"""What a spawned child sees: environment, working directory, umask, file descriptors,
process group, numprocs names (reference 2.4)."""

import os
import unittest

import harness
from harness import proc_stat

REPORT = """
env > {tmp}/{name}.env
pwd > {tmp}/{name}.cwd
umask > {tmp}/{name}.umask
ls /proc/self/fd > {tmp}/{name}.fds
touch {tmp}/{name}.done
exec sleep 300
"""


class SpawnTest(harness.SvcdTestCase):

    def report(self, name="r", **options):
        script = self.script(name + ".sh", REPORT.format(tmp=self.tmp, name=name))
        opts = {"command": script, "startsecs": "0"}
        opts.update(options)
        return opts

    def results(self, name="r"):
        self.wait_file(self.path(name + ".done"))
        env = dict(l.split("=", 1) for l in self.read(self.path(name + ".env")).splitlines()
                   if "=" in l)
        return {"env": env, "cwd": self.read(self.path(name + ".cwd")).strip(),
                "umask": self.read(self.path(name + ".umask")).strip(),
                "fds": sorted(int(x) for x in self.read(self.path(name + ".fds")).split())}

    def test_environment(self):
        self.config({"r": self.report(environment='FOO="bar baz",EMPTY=""')},
                    supervisord={"environment": "GLOBAL=g,FOO=global"})
        self.start()
        env = self.results()["env"]
        self.assertEqual(env["SUPERVISOR_ENABLED"], "1")
        self.assertEqual(env["SUPERVISOR_PROCESS_NAME"], "r")
        self.assertEqual(env["SUPERVISOR_GROUP_NAME"], "r")
        self.assertNotIn("SUPERVISOR_SERVER_URL", env, "no server configured")
        self.assertEqual(env["GLOBAL"], "g")
        self.assertEqual(env["FOO"], "bar baz", "program environment beats [supervisord]'s")
        self.assertEqual(env["EMPTY"], "")
        self.assertEqual(env[harness.TOKEN_VAR], self.token, "svcd's own environment inherited")

    def test_server_url_from_unix_server(self):
        sock = self.path("sv.sock")
        self.config({"r": self.report()}, extra="\n[unix_http_server]\nfile=%s\n" % sock)
        self.start()
        self.assertEqual(self.results()["env"]["SUPERVISOR_SERVER_URL"], "unix://" + sock)

    def test_group_name_in_environment(self):
        self.config({"r": self.report()}, extra="\n[group:g]\nprograms=r\n")
        self.start()
        env = self.results()["env"]
        self.assertEqual((env["SUPERVISOR_GROUP_NAME"], env["SUPERVISOR_PROCESS_NAME"]),
                         ("g", "r"))

    def test_directory(self):
        work = self.path("work")
        os.mkdir(work)
        self.config({"r": self.report(directory=work)})
        self.start()
        self.assertEqual(self.results()["cwd"], work)

    def test_umask(self):
        self.config({"r": self.report(umask="027")})
        self.start()
        self.assertEqual(self.results()["umask"], "0027")

    def test_only_stdio_fds_are_inherited(self):
        # ls itself adds one fd for the directory it reads (3).
        self.config({"r": self.report()})
        self.start()
        fds = self.results()["fds"]
        self.assertEqual(fds, [0, 1, 2, 3], "leaked descriptors")

    def test_child_has_its_own_process_group(self):
        self.config({"r": self.report()})
        proc = self.start()
        pid = self.wait_spawned("r")
        self.results()
        st = proc_stat(pid)
        self.assertEqual(st[2], pid, "setpgrp() in the child")
        self.assertEqual(st[1], proc.pid, "svcd is the parent")

    def test_stdin_is_an_open_pipe(self):
        # supervisord keeps the write end of the child's stdin: reading blocks, no EOF.
        script = self.script("reader.sh", """
if read line; then echo "got $line"; else echo EOF; fi > {tmp}/stdin.txt
""".format(tmp=self.tmp))
        self.config({"reader": {"command": script, "startsecs": "0", "autorestart": "false"}})
        self.start()
        pid = self.wait_spawned("reader")
        self.wait_exec(pid, "/bin/sh")
        target = os.readlink("/proc/%d/fd/0" % pid)
        self.assertTrue(target.startswith("pipe:"), target)
        self.assertIn(self.read(self.path("stdin.txt")), (None, ""), "read returned")

    def test_numprocs_names(self):
        self.config({"w": {"command": "sleep 300", "startsecs": "0", "numprocs": "3",
                           "process_name": "%(program_name)s_%(process_num)02d"}})
        self.start()
        for i in range(3):
            self.wait_spawned("w_%02d" % i)
            self.auto_log("w_%02d" % i, "stdout")
        self.assertEqual(self.matching(r"^spawned: 'w'"), [])

    def test_argv_quoting(self):
        script = self.script("args.sh", 'for a in "$@"; do echo "[$a]"; done > %s/args.txt\n'
                             'exec sleep 300\n' % self.tmp)
        self.config({"a": {"command": "%s one 'two words' \"three\\\"q\" ''" % script,
                           "startsecs": "0"}})
        self.start()
        self.assertEqual(self.wait_file(self.path("args.txt"), lambda d: d and d.count("\n") == 4),
                         '[one]\n[two words]\n[three"q]\n[]\n')


if __name__ == "__main__":
    harness.main()
