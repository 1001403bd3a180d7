#!/usr/bin/env python3
"""Per-run wall and CPU (user + system of the child, from wait4) of commands run round-robin, as medians: hyperfine gives
CPU only as a mean. Also the medians of system CPU, minor page faults and peak resident memory (wait4's rusage).
usage: bench/startup-cpu.py RUNS "name=command" ... (one warm-up round first)"""
import os, sys, time, statistics as st, shlex, json, subprocess
runs = int(sys.argv[1]); cmds = [(c.split('=',1)[0], c.split('=',1)[1]) for c in sys.argv[2:]]
res = {n: ([], [], [], [], []) for n, _ in cmds}
devnull = os.open(os.devnull, os.O_WRONLY)
for i in range(runs + 1):
    for n, c in cmds:
        argv = shlex.split(c)
        t = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(devnull, 1); os.dup2(devnull, 2)
            os.execvp(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
        w = time.perf_counter() - t
        if i > 0:
            for k, v in enumerate((w, ru.ru_utime + ru.ru_stime, ru.ru_stime, ru.ru_minflt, ru.ru_maxrss / 1024)): res[n][k].append(v)
for n, (w, c, sy, f, m) in res.items():
    print(f"  {n:<22} wall median {st.median(w):.3f} s   CPU median {st.median(c):.3f} s   (sys {st.median(sy):.3f} s, "
          f"{st.median(f):.0f} minor faults, max RSS {st.median(m):.0f} MB)   (n={len(w)})")
