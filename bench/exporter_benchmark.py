#!/usr/bin/env python3
"""Exporter benchmark (issue: Lambda exporter): wall time and peak RSS, on a fresh process per run, from
process start to the StartExportTask response against moto: the Java artifact (`java -jar
lambda/target/snapshot-exporter.jar`, the same code as the Lambda) next to the same flow in boto3.
Median of N runs (default 5); prints the Java/boto3 ratio and the artifact size.

Also, in the same run, what SnapStart changes: `primed` runs the functions' SnapStart priming in a fresh JVM (what
beforeCheckpoint does before Lambda's snapshot), then times only the export that follows: the first invocation of a
restored function, without the restore itself (which happens on AWS, not here). JVM flags as Lambda's java21 runtime
sets them (-XX:TieredStopAtLevel=1) for `cold (Lambda flags)` and `primed`.

Usage: python3 bench/exporter_benchmark.py [runs]      (build first: mvn -B -pl lambda -am package -DskipTests)
"""
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

import boto3

from proctree import measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "lambda", "target", "snapshot-exporter.jar")
SOURCE = "222222222222"
READER = f"arn:aws:iam::{SOURCE}:role/bench-snapshot-reader"
EXPORTER = f"arn:aws:iam::{SOURCE}:role/bench-snapshot-export"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BUCKET = "analysis-platform-bench-exports"
SNAPSHOTS = 150
# Extra JVM flags to compare, e.g. JAVA_OPTIONS="-XX:TieredStopAtLevel=1"; JAVA_CDS_ARCHIVE=/tmp/exporter.jsa adds
# an application class-data-sharing archive recorded by one unmeasured training run.
JAVA_OPTIONS = os.environ.get("JAVA_OPTIONS", "").split()
# Which java to run (default: the one on PATH), e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAVA = os.environ.get("JAVA", "java")
# JDK 25+: JAVA_AOT_CACHE=/tmp/exporter.aot records an ahead-of-time cache (JEP 483/514) in a training run.
AOT = os.environ.get("JAVA_AOT_CACHE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env):
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    creds = session.client("sts", endpoint_url=env["AWS_ENDPOINT_URL"]).assume_role(
        RoleArn=f"arn:aws:iam::{SOURCE}:role/seed", RoleSessionName="seed")["Credentials"]
    rds = boto3.client("rds", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                       aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
    # Manual snapshots count only when tagged with their database; CopyTagsToSnapshot tags each one.
    rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-postgresql", MasterUsername="admin_user",
                          MasterUserPassword="example-password-1", CopyTagsToSnapshot=True,
                          Tags=[{"Key": "analysis-platform:database", "Value": "orders"}])
    for i in range(SNAPSHOTS):
        rds.create_db_cluster_snapshot(DBClusterIdentifier="orders", DBClusterSnapshotIdentifier=f"orders-{i:04d}")


def export_command(prefix, *jvm_flags):
    return [JAVA, *JAVA_OPTIONS, *jvm_flags, "-jar", JAR, "--bucket", BUCKET, "--kms-key-arn", KEY, "--prefix", prefix,
            "--db-cluster-identifier", "orders", "--snapshot-types", "manual", "--source-role-arn", READER,
            "--export-role-arn", EXPORTER, "--source-name", "orders"]


LAMBDA_FLAG = "-XX:TieredStopAtLevel=1"


def primed_export_ms(env, prefix):
    """A fresh JVM runs the SnapStart priming, then the export; returns the export's own milliseconds."""
    command = export_command(prefix, LAMBDA_FLAG)
    jar_at = command.index("-jar")
    command[jar_at:jar_at + 2] = ["-cp", JAR, "dev.analysisplatform.export.cli.PrimedRun"]
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return float(next(line.split()[1] for line in done.stderr.splitlines() if line.startswith("primed-export-ms")))


def train(env, flag, prefix):
    """One unmeasured run that records what the JVM loads (for class-data sharing or the AOT cache)."""
    subprocess.run(export_command(prefix, flag), env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not os.path.isfile(JAR):
        sys.exit(f"{JAR} missing: mvn -B -pl lambda -am package -DskipTests")
    port = free_port()
    moto = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "moto_server.py"), "-H", "127.0.0.1",
                             "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                   AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
        env.pop("AWS_PROFILE", None)
        seed(env)
        cds = os.environ.get("JAVA_CDS_ARCHIVE")
        if cds:
            # Application class-data sharing: one unmeasured training run records the classes the flow loads.
            train(env, f"-XX:ArchiveClassesAtExit={cds}", "bench/training-cds")
            JAVA_OPTIONS.append(f"-XX:SharedArchiveFile={cds}")
        if AOT:
            train(env, f"-XX:AOTCacheOutput={AOT}", "bench/training-aot")
            JAVA_OPTIONS.append(f"-XX:AOTCache={AOT}")
        results = {"java": [], "boto3": [], "java-c1": []}
        primed = []
        for i in range(runs):
            prefix = f"bench/run{i}"
            java = export_command(prefix + "-java")
            java_c1 = export_command(prefix + "-c1", LAMBDA_FLAG)
            python = [sys.executable, os.path.join(ROOT, "bench", "boto3_export.py"), BUCKET, KEY, prefix + "-boto3",
                      "orders", READER, EXPORTER]
            for name, command in (("java", java), ("java-c1", java_c1), ("boto3", python)):
                wall, rss, _, _ = measure(command, env=env)
                results[name].append((wall, rss))
                print(f"run {i + 1} {name:7s} {wall * 1000:7.0f} ms  peak {rss / 2**20:5.0f} MiB")
            primed.append(primed_export_ms(env, prefix + "-primed"))
            print(f"run {i + 1} primed  {primed[-1]:7.0f} ms  (export only, after priming in the same JVM)")
        med = {n: (statistics.median(w for w, _ in r), statistics.median(m for _, m in r)) for n, r in results.items()}
        print(f"\n{SNAPSHOTS} snapshots, median of {runs} fresh processes, start -> StartExportTask response"
              f" (JVM flags: {' '.join(JAVA_OPTIONS) or 'none'}):")
        for name, (wall, rss) in med.items():
            print(f"  {name:5s} {wall * 1000:7.0f} ms  peak RSS {rss / 2**20:5.0f} MiB")
        print(f"  ratio java/boto3: time {med['java'][0] / med['boto3'][0]:.2f}x, "
              f"memory {med['java'][1] / med['boto3'][1]:.2f}x (goal: time <= 1.0x)")
        boto3 = med["boto3"][0] * 1000
        print(f"\nSnapStart (deployed: java21, {LAMBDA_FLAG}), median of {runs}, next to boto3's cold process "
              f"({boto3:.0f} ms):")
        print(f"  cold process, no SnapStart   {med['java-c1'][0] * 1000:7.0f} ms  {med['java-c1'][0] * 1000 / boto3:.2f}x")
        print(f"  first invocation after priming {statistics.median(primed):5.0f} ms  "
              f"{statistics.median(primed) / boto3:.2f}x  (+ SnapStart's restore on AWS, not measurable here)")
        print(f"  artifact {os.path.basename(JAR)}: {os.path.getsize(JAR) / 2**20:.1f} MiB")
    finally:
        moto.terminate()
        moto.wait(10)


if __name__ == "__main__":
    main()
