#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands: bench/ab.py RUNS 'CMD A' 'CMD B' ...

Runs the commands in turn, RUNS rounds (after one warm-up round), so a machine that speeds up or
slows down during the measurement affects every command alike; prints the median, quartiles and
the median CPU time (user + system) of each. A leading VAR=VALUE word sets an environment variable.
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    env = dict(os.environ)
    words = cmd.split()
    while words and "=" in words[0] and not words[0].startswith("-"):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    t = time.perf_counter()
    p = subprocess.Popen(words, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime


def main():
    rounds, cmds = int(sys.argv[1]), sys.argv[2:]
    wall = {c: [] for c in cmds}
    cpu = {c: [] for c in cmds}
    for c in cmds:
        run(c)
    for _ in range(rounds):
        for c in cmds:
            w, u = run(c)
            wall[c].append(w)
            cpu[c].append(u)
    for c in cmds:
        v = sorted(wall[c])
        print("median %6.1f ms  (p25 %6.1f, p75 %6.1f)  cpu %5.0f ms  %s" % (
            1000 * statistics.median(v), 1000 * v[len(v) // 4], 1000 * v[3 * len(v) // 4],
            1000 * statistics.median(cpu[c]), c))


if __name__ == "__main__":
    main()
