#!/usr/bin/env bash
# Installs what touchpath needs to build and test, and only what is missing: Debian packages
# (checked with dpkg first; apt-get runs only when something is absent), then the npm
# devDependencies pinned in package-lock.json (npm ci, only when the lockfile changed).
# Idempotent and quick when everything is present. Debian 12; run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  cmake g++ make
  emscripten nlohmann-json3-dev
  googletest libgtest-dev libbenchmark-dev zlib1g-dev
  chromium nodejs
)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
# npm: Debian's package, unless node already brings its own (as NodeSource's nodejs does).
command -v npm >/dev/null 2>&1 || installed npm || missing+=(npm)

if ((${#missing[@]} > 0)); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.touchpath-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "deps: npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
fi
