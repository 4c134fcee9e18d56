#!/bin/sh
# npm ci for the schema validator. Without Node.js the build goes on and ManifestSchemaTest is skipped, saying why.
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "deploy: Node.js/npm not found: the manifests' schema validation (ManifestSchemaTest) will be skipped"
  exit 0
fi
exec npm ci --no-audit --no-fund --loglevel=error
