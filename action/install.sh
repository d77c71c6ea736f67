#!/usr/bin/env bash
# Installs orgform for this job into a prefix of its own: the packed package (from the registry,
# or the tarball given as ORGFORM_PACKAGE) with its runtime dependencies only. Nothing is compiled
# and no install script runs, so no code but orgform's own ever sees the admin key; npm does not
# get the key in its environment at all. The caller's Node is used as it is (20 or later).
set -euo pipefail

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "::error title=orgform::orgform needs Node 20 or later on PATH (found: ${major}). Add actions/setup-node (node-version: 20) before this step."
  exit 1
fi

spec=${ORGFORM_PACKAGE:-}
if [ -z "$spec" ]; then
  # The release of this action's own version, so orgform/orgform@vX runs orgform X.
  spec="orgform@$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
fi
prefix="$RUNNER_TEMP/orgform"
echo "Installing $spec into $prefix"
env -u OPENAI_ADMIN_KEY npm install --global --prefix "$prefix" --omit=dev --ignore-scripts \
  --no-audit --no-fund --loglevel=error "$spec"
echo "bin=$prefix/bin/orgform" >> "$GITHUB_OUTPUT"
