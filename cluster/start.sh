#!/usr/bin/env bash
# A cluster on this machine's loopback, as cluster/cluster.json describes it: a private PostgreSQL (or
# --postgres "<connection string>"), the cluster schema, the dev chain with the program, one gateway and
# the workers. It waits until every node answers, prints where they are, and stops everything cleanly on
# Ctrl+C. docker-compose.yml runs the same topology in containers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
dotnet build src/ZkSummarize.Cli -c Release --nologo -v quiet
dotnet build src/ZkSummarize.Node -c Release --nologo -v quiet
src/onchain/build.sh
circuits/build.sh
exec dotnet src/ZkSummarize.Cli/bin/Release/net10.0/zks.dll cluster up --config cluster/cluster.json "$@"
