#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, and runs `zks demo`
# (local chain, one node). Extra arguments go to `zks demo`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
dotnet build src/ZkSummarize.Cli -c Release --nologo -v quiet
dotnet build src/ZkSummarize.Node -c Release --nologo -v quiet
src/onchain/build.sh      # the escrow program, from source (clang-14 + our linker)
circuits/build.sh         # the grounding circuit (circom, WebAssembly build)
exec dotnet src/ZkSummarize.Cli/bin/Release/net10.0/zks.dll demo "$@"
