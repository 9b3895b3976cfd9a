#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzzer.sh HARNESS WORKDIR RUNS DICT FOLDER...
#
# Runs one libFuzzer harness the way `meson test --suite fuzz` does: RUNS
# inputs with a fixed seed (so a CI run can be repeated), from the files of
# the FOLDERs that exist (seeds, regression fixtures). New inputs go to a
# fresh WORKDIR/corpus, never into the source tree; a crashing input is
# written to WORKDIR/artifacts/. Findings: a crash, a leak, a UBSan report,
# an input that takes more than 10 s or 2 GB.
set -euo pipefail

harness=$1 work=$2 runs=$3 dict=$4
shift 4

folders=()
for folder in "$@"; do
  [ -d "$folder" ] && folders+=("$folder")
done

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"

# -max_total_time only guards a much slower machine than CI's.
exec "$harness" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_total_time=240 \
  -dict="$dict" -artifact_prefix="$work/artifacts/" -verbosity=0 -print_final_stats=1 \
  "$work/corpus" "${folders[@]}"
