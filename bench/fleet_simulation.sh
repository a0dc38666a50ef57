#!/usr/bin/env bash
# Fleet simulation: 60 sources in 12 accounts (8-hour exports, then 10 min to 8 h), run through the synthesized
# definition in the local interpreter with time compressed (7,200x: an 8-hour export takes 4 s). Prints makespan vs its
# lower bound, the largest execution history, the largest payload, transitions and invocations per source, data age.
# Usage: bench/fleet_simulation.sh [sources] [accounts] [speedup]      e.g. bench/fleet_simulation.sh 60 12 7200
set -euo pipefail
cd "$(dirname "$0")/.."
classpath_file=local-run/target/bench-classpath.txt
mvn -B -q -DskipTests -pl local-run -am install dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$classpath_file" >/dev/null
cd local-run
exec java -cp "target/test-classes:target/classes:$(cat "../$classpath_file")" \
  dev.analysisplatform.local.FleetBenchmark "$@"
