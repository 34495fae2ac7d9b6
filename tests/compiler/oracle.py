#!/usr/bin/python3
"""Prints what Python and supervisor 4.2.5 answer for the tricky cases of the compiler tests.

The C++ tests hold literal expected values; this script is how they were produced. Run it with
the system Python (it needs the supervisor package) and compare with the literals in
config_reader_test.cc, expansion_test.cc and values_test.cc:

    /usr/bin/python3 tests/compiler/oracle.py
"""
import configparser
import os
import shlex
import tempfile

from supervisor import datatypes

# Each case is read from a file opened in text mode, as supervisord does (universal newlines).
READER_CASES = [
    b"[s]\nk=ab#c #d ;e\n",
    b"[s]\nk=a;x #b;c ;d\n",
    b"[s]\nk=\xc2\xa0a\xc2\xa0;b\n",
    b"[s]\nk = line1\n  line2\n\n  line3\n\n\n[t]\nx=1\n",
    b"[s]\nk = line1\n  ; comment\n  line2\n",
    b"[s]\nk = line1\n# comment\n  line2\n",
    b"[s]\nk=a\n  b\n  ;x\n\n  c\n",
    b"[s]\nk=a\n  [t]\n",
    b"[s]\nk=1\n[s]\nk=2\nj=3\n",
    b"[s]\nk=1\n[DEFAULT]\nk=2\nd=3\n[t]\n",
    b"[s]\nk : v = w\nj=a:b\n",
    b"[s]\n[]=x\n",
    b"[a]b]\nk=1\n",
    b"[s]\nk\nj\n",
    b"[s]\n=v\n",
    b"x=1\n[s]\n",
    b"[s]\rk=1\rj=2\r",
    b"\xef\xbb\xbf[s]\nk=1\n",
    b"[s]\nk=a\x00b\n",
    b"[s]\nk=\xff\n",
]

EXPANSION_CASES = [
    "%(process_num)02d", "%(neg)05d", "%(x)-5s|", "%(x)5.1s|", "%(x)r", "%(q)r", "%(n)#o",
    "%(n)#05x", "%(n)e", "%(n)020.3f", "%(a(b)c)s", "%(n)ld", "%(x)", "50%", "%(x", "%(x)y",
    "%(x)\u00e9", "\u00e9%(x)y", "%(x)d", "%(x)x", "%(x)e", "%(x)c", "%(x)*d", "%5%", "%(x)%",
    "%(nope)%", "%(u)-3s|", "%(u).1s", "%(big)c",
]
EXPANSIONS = {"name": "x", "process_num": 3, "x": "ab", "n": 42, "neg": -7, "q": "it's",
              "c": "z", "a(b)c": "nest", "u": "\u00e9", "big": 200}

DATATYPE_CASES = [
    (datatypes.integer, ["1_000", "1__0", " 10 "]),
    (datatypes.byte_size, ["10XB", "KB", " 10 KB", "1.5MB"]),
    (datatypes.octal_type, ["0o22", "8", ""]),
    (datatypes.signal_number, ["sigterm", "IOT", "0", "SIG_DFL", "32", "35", "65"]),
    (datatypes.list_of_exitcodes, ["", "1,256", "0,"]),
    (datatypes.auto_restart, ["Maybe"]),
    (datatypes.logging_level, ["warning", "debug "]),
    (datatypes.inet_address, ["abc", "0", "65536", "h:0", "h:70000", "host:", "::1"]),
    (datatypes.dict_of_key_value_pairs,
     ["A=a b", 'A="x,y"', "A=\u4e2d\u6587", "A=\u4e2d\u6587\u5b57", "A=$HOME", "A=1;B=2",
      'A=x"y"', 'A="a\\"b"', "A=a#x\nb,B=2", "A=", "A=x=y", "A=1 B=2"]),
]

SHLEX_CASES = ['"a\\"b"', 'a "b\\$c"', "'a\\'", "a#b c", "x\"y z\"w", "a ''", "a\\", '"abc']


def read(data):
    fd, path = tempfile.mkstemp()
    os.write(fd, data)
    os.close(fd)
    parser = configparser.RawConfigParser(inline_comment_prefixes=(";", "#"), strict=False)
    try:
        with open(path, "r") as f:
            parser.read_file(f)
        return {s: dict(parser.items(s)) for s in parser.sections()}
    except Exception as e:  # the error class is what the tests compare
        return "%s: %s" % (type(e).__name__, str(e).splitlines()[0])
    finally:
        os.unlink(path)


def call(fn, *args):
    try:
        return repr(fn(*args))
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


def main():
    print("# RawConfigParser")
    for case in READER_CASES:
        print("%r -> %s" % (case, read(case)))
    print("# %-formatting")
    for case in EXPANSION_CASES:
        print("%r -> %s" % (case, call(lambda t: t % EXPANSIONS, case)))
    print("# supervisor.datatypes")
    for fn, values in DATATYPE_CASES:
        for v in values:
            print("%s(%r) -> %s" % (getattr(fn, "__name__", "byte_size"), v, call(fn, v)))
    print("# shlex.split")
    for case in SHLEX_CASES:
        print("%r -> %s" % (case, call(shlex.split, case)))


if __name__ == "__main__":
    main()
