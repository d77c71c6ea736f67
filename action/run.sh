#!/usr/bin/env bash
# Runs orgform once. Output is streamed to the log as it happens (a cancelled job still shows
# what was done) and kept in files for the steps after: stdout (the plan, events or export) in
# output-file, stderr (progress, errors, refusals) in error-file.
set -uo pipefail

out="$RUNNER_TEMP/orgform-output.txt"
err="$RUNNER_TEMP/orgform-errors.txt"
status="$RUNNER_TEMP/orgform-exitcode"

argv=("$ORGFORM_COMMAND")
case "$ORGFORM_COMMAND" in
  plan | apply | validate) argv+=("$ORGFORM_FILE" --format "$ORGFORM_FORMAT") ;;
  export) argv+=(--out "$ORGFORM_FILE") ;;
esac
# `args`: one argument per line, so a path with spaces is one argument; blank lines are skipped.
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  if [ -n "$line" ]; then argv+=("$line"); fi
done <<< "${ORGFORM_ARGS:-}"

echo "output-file=$out" >> "$GITHUB_OUTPUT"
echo "error-file=$err" >> "$GITHUB_OUTPUT"
# stdout through one tee, stderr through another (back to stderr); the pipeline ends only when
# both tees have written everything.
{ { "$ORGFORM_BIN" "${argv[@]}"; echo $? > "$status"; } 2>&1 1>&3 3>&- | tee "$err" >&2; } 3>&1 | tee "$out"
code=$(cat "$status")
echo "exitcode=$code" >> "$GITHUB_OUTPUT"
# 2 is "changes present" under plan --detailed-exitcode: not a failure of this step.
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then exit "$code"; fi
