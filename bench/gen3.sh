#!/usr/bin/env bash
# The gatekeeper on streams from a third independent generator (bench/gen3,
# written without reading contactgate; see its README), run through
# `contactgate demo --input` and scored against the generator's truth by
# bench/streamgen/score.py.
#   bash bench/gen3.sh [SEEDS]   default SEEDS="111 112 113" (never looked at)
# Seed S makes 2,000 persons and 10,000 events (S ending in 1), 2,000 and
# 20,000 (2) or 3,000 and 8,000 (3). Python 3 standard library only. About
# 20 s a seed. Prints one row per seed and the means: duplicate records (%
# of persons), false-merge records (% of records), pair precision, recall,
# F1, dead letters.
set -euo pipefail
cd "$(dirname "$0")/.."
size() {
  case "${1: -1}" in
    2) echo 2000 20000 ;;
    3) echo 3000 8000 ;;
    *) echo 2000 10000 ;;
  esac
}
source bench/heldout.sh
run_heldout bench/gen3/gen.py "${1:-111 112 113}"
