#!/usr/bin/env bash
# Short fuzz run of every fuzz target, as CI does it.
#
# Budgets are execution counts, not durations: with a duration
# (-fuzztime 20s) Go 1.26's fuzz coordinator can report "context deadline
# exceeded" at the deadline without any failing input (golang/go#75804,
# fixed in Go 1.27), which made CI fail on nothing. A count has no wall
# clock to race. Minimisation of each new interesting input is capped by
# count as well: the default (60 s per input) stalled FuzzLoad on large
# seed templates for most of its budget.
#
# FUZZSCALE multiplies every budget (default 1; 10 for a longer local run).
# Differential targets (FuzzJSONMatchesYAML, FuzzYAMLMatchesYAML) run
# locally for long stretches instead; their seeds, with every past find,
# replay in go test.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${FUZZSCALE:-1}

fuzz() { # package target executions
  local n=$(($3 * scale))
  echo "-- $2 ($n executions)"
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "${n}x" -fuzzminimizetime 200x
}

fuzz ./scanners FuzzLoad 60000
fuzz ./scanners FuzzResolve 60000
fuzz ./scanners FuzzResolveBudget 10000
fuzz ./scanners FuzzSchedule 80000
fuzz ./scanners FuzzForEach 10000
fuzz ./rules/config FuzzConfig 40000
for target in $(go test ./adr -list '^Fuzz' | grep '^Fuzz'); do
  fuzz ./adr "$target" 60000
done
