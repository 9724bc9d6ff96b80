#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need on a fresh Debian machine.
# Idempotent: a second run only checks. Nothing is downloaded at run time after this.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. Debian packages (scripts/apt-packages.txt: one "command package" pair a line; the command may be
#    a path with a glob, for tools Debian keeps off the PATH, such as PostgreSQL's initdb).
missing=()
while read -r cmd pkg; do
  [[ -z "${cmd:-}" || "$cmd" == \#* ]] && continue
  if [[ "$cmd" == /* ]]; then
    compgen -G "$cmd" >/dev/null || missing+=("$pkg")
  else
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm packages of every JavaScript folder (the dev chain, the circuits, the peer scripts), from their lock files.
while IFS= read -r pkg; do
  dir="$(dirname "$pkg")"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "npm install in $dir (from its lock file)"
    # Not `npm ci`: litesvm lists platform packages that do not exist for every OS at its version, which
    # `npm ci` treats as a stale lock file. `npm install --no-save` follows the lock and writes nothing back.
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error)
  fi
done < <(git ls-files '*package.json' | grep -v node_modules)

# 3. .NET packages.
say "dotnet restore"
dotnet restore ZkSummarize.sln --verbosity quiet
