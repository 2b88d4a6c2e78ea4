#!/usr/bin/env bash
# The GitHub Action's scan step: runs bulwark scan with the action's inputs,
# writes SARIF (for upload-sarif) and the Markdown comment to the job
# summary, and fails the step with bulwark's exit code. Inputs come in as
# INPUT_* variables; `.ci/run` exercises this script (cmd/action_test.go).
set -uo pipefail

args=(scan --fail-on "${INPUT_FAIL_ON:-high}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")

outputs=()
[ -n "${INPUT_SARIF:-}" ] && outputs+=("sarif=${INPUT_SARIF}")
summary=""
if [ "${INPUT_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary=$(mktemp "${RUNNER_TEMP:-/tmp}/bulwark-summary.XXXXXX")
  outputs+=("markdown=${summary}")
fi
formats=()
[ -n "${INPUT_FORMATS:-}" ] && formats=(--output-format "$INPUT_FORMATS")
for o in "${outputs[@]}"; do
  args+=(--output-format "$o")
done

# Extra arguments and paths are split on spaces, as a user writes them.
read -r -a extra <<<"${INPUT_ARGS:-}"
read -r -a paths <<<"${INPUT_PATHS:-.}"
[ "${#paths[@]}" -eq 0 ] && paths=(.)

code=0
bulwark "${args[@]}" "${formats[@]}" "${extra[@]}" -- "${paths[@]}" || code=$?

if [ -n "$summary" ] && [ -s "$summary" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
[ -n "$summary" ] && rm -f "$summary"
echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
