#!/usr/bin/env bash
# Fleet simulation: 60 sources in 12 accounts (8-hour exports, then 10 min to 8 h), run through the synthesized
# definition in the local interpreter with time compressed (7,200x: an 8-hour export takes 4 s). Prints makespan vs its
# lower bound, the largest execution history, the largest payload, transitions and invocations per source, data age.
# Usage: bench/fleet_simulation.sh [sources] [accounts] [speedup]      e.g. bench/fleet_simulation.sh 60 12 7200
set -euo pipefail
exec "$(dirname "$0")/local_run_main.sh" dev.analysisplatform.local.FleetBenchmark "$@"
