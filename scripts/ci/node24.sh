#!/usr/bin/env bash
# The node-side vitest project (tests/unit, tests/integration, tests/mock-bank: vitest.config.ts, project
# "node") once more under Node 24, the newest line package.json's engines names, while everything else in
# .ci/run runs on the machine's Node 20. Node 24 comes from the npm registry's `node` package (npm exec), so
# no other download is needed. keytar's binary from `npm ci` is an N-API module (node_modules/keytar/binding.gyp
# sets NAPI_VERSION): the same file loads under Node 24, and tests/integration/vault/keytar.test.ts exercises
# it against the real Secret Service there too (this script runs inside .ci/run's D-Bus session).
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${NODE_MAJOR:-24}"
started=$(date +%s)
# `npm exec -p node@24` puts that node first on PATH, so child processes the tests start (process.execPath,
# tsx's `#!/usr/bin/env node`) run on it as well.
npm exec --yes --package "node@${version}" -- node -e '
  const major = Number(process.versions.node.split(".")[0])
  if (major !== Number(process.argv[1])) { console.error(`expected Node ${process.argv[1]}, got ${process.version}`); process.exit(1) }
  console.log(`node ${process.version} (modules ABI ${process.versions.modules})`)
' "$version"
npm exec --yes --package "node@${version}" -- node node_modules/vitest/vitest.mjs run --project node "$@"
echo "vitest under Node ${version}: $(( $(date +%s) - started )) s"
