#!/usr/bin/env bash
# Data age when queryable, schedule only against snapshot events (startOn): 60 sources in 12 accounts, exports of 10 min
# to 8 h, snapshots over the 4 hours before the 05:00 schedule, through the synthesized definition in the local
# interpreter with time compressed. Prints median and worst for both.
# Usage: bench/data_age.sh [sources] [accounts] [speedup]      e.g. bench/data_age.sh 60 12 7200
set -euo pipefail
exec "$(dirname "$0")/local_run_main.sh" dev.analysisplatform.local.DataAgeBenchmark "$@"
