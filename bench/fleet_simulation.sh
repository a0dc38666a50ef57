#!/usr/bin/env bash
# Fleet simulation: 1,000 sources in 200 accounts and 3 regions (8-hour exports, then 10 min to 8 h, then all failing), run through the synthesized
# definition in the local interpreter with time compressed (360x: an 8-hour export takes 80 s). Prints makespan vs its
# lower bound, the largest history, payload and failure cause, transitions and invocations per source, data age.
# Usage: bench/fleet_simulation.sh [sources] [accounts] [regions] [speedup]  e.g. bench/fleet_simulation.sh 1000 200 3 360
set -euo pipefail
exec "$(dirname "$0")/local_run_main.sh" dev.analysisplatform.local.FleetBenchmark "$@"
