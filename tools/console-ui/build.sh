#!/usr/bin/env bash
# The console's browser bundle, as Maven builds it at generate-resources:
#   tools/console-ui/build.sh OUT_DIR
# installs the pinned npm packages (npm ci) when node_modules is missing or older than the lock file,
# then bundles with esbuild into OUT_DIR/console.js and OUT_DIR/console.css.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: tools/console-ui/build.sh OUT_DIR}"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "console-ui: expected '$tool' on PATH to build the web console, but it is missing:" \
      "install Node.js 20 and npm (Debian: apt-get install nodejs npm; bin/setup does it)" >&2
    exit 1
  fi
done
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
  echo "console-ui: npm ci in tools/console-ui"
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
node "$here/build.mjs" "$out"
