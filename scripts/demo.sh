#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, and runs `zks demo`
# (local chain, one node). Extra arguments go to `zks demo`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root"
exec dotnet src/ZkSummarize.Cli/bin/Release/net10.0/zks.dll demo "$@"
