#!/usr/bin/env bash
# Payload and registration benchmark: real registrations of 1,000 and 5,000 tables against moto (time, AWS calls per
# table, output bytes), and the largest state payload of the synthesized definition for 1 and 40 sources.
# Usage: bench/payload_benchmark.sh [table counts...]      e.g. bench/payload_benchmark.sh 1000 5000
set -euo pipefail
cd "$(dirname "$0")/.."
classpath_file=local-run/target/bench-classpath.txt
mvn -B -q -DskipTests -pl local-run -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$classpath_file"
exec java -cp "local-run/target/test-classes:local-run/target/classes:$(cat "$classpath_file")" \
  -Dmoto.launcher="$PWD/tools/moto_server.py" dev.analysisplatform.local.PayloadBenchmark "$@"
