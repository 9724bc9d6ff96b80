#!/usr/bin/env bash
# Installs what is missing and builds everything `zks` and the node run: the CLI, the node, the escrow
# program from source (clang-14 + our linker) and the grounding circuit (circom, WebAssembly build).
# Used by scripts/demo.sh, cluster/start.sh and the Dockerfile.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/setup.sh
dotnet build src/ZkSummarize.Cli -c Release --nologo -v quiet
dotnet build src/ZkSummarize.Node -c Release --nologo -v quiet
src/onchain/build.sh
circuits/build.sh
