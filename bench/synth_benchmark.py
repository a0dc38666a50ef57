#!/usr/bin/env python3
"""Synth benchmark (issue: CDKTF apps): wall time and peak RSS (whole process tree, JVM + Node) of
synthesizing every stack of both CDKTF apps from a warm Maven build, median of N runs (default 3).

Usage: python3 bench/synth_benchmark.py [runs]      (the Lambda jar must exist: mvn -B -pl lambda -am package)
Goal from the issue: <= 20 s and <= 2 GiB on 2 cores.
"""
import os
import statistics
import subprocess
import sys
import tempfile

from proctree import measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def classpath(module):
    out = os.path.join(tempfile.gettempdir(), f"cp-{module}.txt")
    # In the reactor, sibling modules resolve to their target/classes; the app module is last, so its
    # classpath is what stays in the file.
    subprocess.run(["mvn", "-B", "-q", "-DskipTests", "-pl", module, "-am", "package", "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                    f"-Dmdep.outputFile={out}"], cwd=ROOT, check=True)
    with open(out) as f:
        deps = f.read().strip()
    return os.pathsep.join([os.path.join(ROOT, module, "target", "classes"), deps])


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    apps = [("infra", "dev.analysisplatform.infra.Main", ROOT),
            ("another-account-iam-role", "dev.analysisplatform.sourceaccount.Main",
             os.path.join(ROOT, "another-account-iam-role"))]
    paths = {module: classpath(module) for module, _, _ in apps}
    env = dict(os.environ, CHECKPOINT_DISABLE="1")
    walls, peaks = [], []
    for i in range(runs):
        total_wall, peak = 0.0, 0
        for module, main_class, cwd in apps:
            with tempfile.TemporaryDirectory() as outdir:
                env["CDKTF_OUTDIR"] = outdir
                wall, rss, _, _ = measure(["java", "-cp", paths[module], main_class], env=env, cwd=cwd)
                stacks = sorted(os.listdir(os.path.join(outdir, "stacks")))
            total_wall += wall
            peak = max(peak, rss)
            print(f"run {i + 1} {module:26s} {wall:6.1f} s  peak {rss / 2**20:6.0f} MiB  stacks {stacks}")
        walls.append(total_wall)
        peaks.append(peak)
    print(f"\nmedian of {runs}: all stacks of both apps {statistics.median(walls):.1f} s, "
          f"peak RSS {statistics.median(peaks) / 2**20:.0f} MiB (goal <= 20 s, <= 2048 MiB)")


if __name__ == "__main__":
    main()
