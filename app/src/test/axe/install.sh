#!/bin/sh
# npm ci for axe-core, which DashboardBrowserTest injects into the pages. Without npm the build goes on and the test's
# accessibility check is skipped, saying why.
if ! command -v npm >/dev/null 2>&1; then
  echo "app: npm not found: the dashboard's accessibility check (axe-core in DashboardBrowserTest) will be skipped"
  exit 0
fi
exec npm ci --no-audit --no-fund --loglevel=error
