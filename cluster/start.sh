#!/usr/bin/env bash
# A cluster on this machine's loopback, as cluster/cluster.json describes it: a private PostgreSQL (or
# --postgres "<connection string>"), the cluster schema, the dev chain with the program, one gateway and
# the workers. It waits until every node answers, prints where they are, and stops everything cleanly on
# Ctrl+C. docker-compose.yml runs the same topology in containers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root"
exec dotnet src/ZkSummarize.Cli/bin/Release/net10.0/zks.dll cluster up --config cluster/cluster.json "$@"
