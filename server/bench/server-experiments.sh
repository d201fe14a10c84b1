#!/bin/sh
# The server's load and footprint experiments, as reported in docs/performance.md ("Server").
# Run from the repository's root after `./mvnw -B -o -q -DskipTests package`. Everything runs on
# 127.0.0.1, in temporary folders, and stops by itself. Takes about 15 minutes.
set -eu

BENCH="java -cp server/bench/target/benchmarks.jar"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/concert-recovery.XXXXXX")
trap 'rm -rf "$DATA"' EXIT

echo "== load: 200 clients in 40 matches, against the server and a plain Netty echo server"
$BENCH org.concert.bench.ServerLoad --matches 40 --clients-per-match 5 --in-flight 1 \
  --warm-up 10 --window 20 --runs 3 2>/dev/null

echo "== start-up to accepting connections: java -jar server/host/target/concert.jar serve"
$BENCH org.concert.bench.ServerFootprint startup --runs 5

echo "== recovery: 1,000 unfinished matches, then restarts of concert serve on them"
$BENCH org.concert.bench.ServerFootprint prepare --data "$DATA" --matches 1000 --commands 60 \
  2>/dev/null
$BENCH org.concert.bench.ServerFootprint startup --runs 5 --data "$DATA"

echo "== heap per idle match, over 10,000 matches (in their lobby; then started, five seats taken)"
$BENCH org.concert.bench.ServerFootprint heap --matches 10000 2>/dev/null
$BENCH org.concert.bench.ServerFootprint heap --matches 10000 --clients-per-match 5 2>/dev/null
