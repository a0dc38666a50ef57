#!/usr/bin/env bash
# Runs a main class of local-run's tests (the fleet benchmarks) with their classpath, after building what they need.
# Usage: bench/local_run_main.sh <class> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
main=$1
shift
classpath_file=local-run/target/bench-classpath.txt
mvn -B -q -DskipTests -pl local-run -am install dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$classpath_file" >/dev/null
cd local-run
exec java -cp "target/test-classes:target/classes:$(cat "../$classpath_file")" "$main" "$@"
