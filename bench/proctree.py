"""Wall time and peak resident memory of a command *and all its descendants*, sampled from /proc.

/usr/bin/time reports only the largest single process, which misses e.g. the Node.js child that CDKTF's
Java bindings start. Sampling every 10 ms can miss a very short spike; peaks here last seconds.
"""
import os
import subprocess
import time


def _children():
    parents = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(pid))
        except OSError:
            continue
    return parents


def _rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_bytes(root):
    parents = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kib(pid)
        stack.extend(parents.get(pid, []))
    return total * 1024


def measure(command, env=None, cwd=None, stdout=subprocess.DEVNULL):
    """Runs command; returns (wall seconds, peak tree RSS bytes, exit code, captured stdout or None)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_bytes(process.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    out = process.stdout.read().decode() if stdout == subprocess.PIPE else None
    err = process.stderr.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} exited {process.returncode}: {err[-2000:]}")
    return wall, peak, process.returncode, out
