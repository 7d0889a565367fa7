#!/usr/bin/env bash
# Runs the `terraform test` suite of every module under terraform/modules/ (offline: the tests mock the AWS
# provider) and prints one line per module. Exits non-zero if a module fails or has no tests.
#
#   terraform/tests/run_module_tests.sh              # every module
#   terraform/tests/run_module_tests.sh bus orders   # only these modules
#
# Terraform is configured by the environment: set TF_CLI_CONFIG_FILE (the Makefile exports it) to use the
# provider mirror on a machine without registry access. A failing module's test output is printed after the
# summary (on stderr).
set -euo pipefail

tf_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules_dir="$tf_dir/modules"

if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  echo "TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE does not exist" >&2
  exit 2
fi
command -v terraform >/dev/null || { echo "terraform is not on PATH" >&2; exit 2; }

if [[ $# -gt 0 ]]; then
  modules=("$@")
else
  modules=()
  for dir in "$modules_dir"/*/; do
    modules+=("$(basename "$dir")")
  done
fi

# The modules are initialised in a scratch data dir, so the run leaves no .terraform/ or lock file behind in them
# (set TF_PLUGIN_CACHE_DIR to keep registry downloads between runs).
scratch="$(mktemp -d "${TMPDIR:-/tmp}/module-tests.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
export TF_IN_AUTOMATION=1
jobs="${MODULE_TEST_JOBS:-2}"  # modules tested at once (each is one terraform process and its providers)
started=$SECONDS
echo "terraform test: ${#modules[@]} modules, $jobs at a time (TF_CLI_CONFIG_FILE=${TF_CLI_CONFIG_FILE:-<terraform default>})"

# Tests one module; writes its summary line to $scratch/<module>.line and, when it fails, its output to .log.
test_module() {
  local module="$1" dir="$modules_dir/$1" module_started=$SECONDS rc=0 out="" stage="init" summary
  if [[ ! -d "$dir" ]]; then
    printf 'FAIL  %-16s no such module\n' "$module" >"$scratch/$module.line"
    return
  fi
  shopt -s nullglob
  local test_files=("$dir"/tests/*.tftest.hcl)
  shopt -u nullglob
  if [[ ${#test_files[@]} -eq 0 ]]; then
    printf 'FAIL  %-16s no tests (expected %s)\n' "$module" "tests/$module.tftest.hcl" >"$scratch/$module.line"
    return
  fi
  # init also writes a dependency lock file into the module; modules commit none, so remove the one it created.
  local had_lock=0
  [[ -f "$dir/.terraform.lock.hcl" ]] && had_lock=1
  export TF_DATA_DIR="$scratch/$module"
  out=$(terraform -chdir="$dir" init -backend=false -input=false -no-color 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then
    out=$(terraform -chdir="$dir" test -no-color 2>&1) || rc=$?
    stage="test"
  fi
  [[ $had_lock -eq 0 ]] && rm -f "$dir/.terraform.lock.hcl"
  local elapsed=$((SECONDS - module_started))
  summary=$(grep -Eo '[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?' <<<"$out" | tail -n 1 || true)
  if [[ $rc -eq 0 && -n "$summary" ]]; then
    printf 'PASS  %-16s %-32s %4ss\n' "$module" "$summary" "$elapsed" >"$scratch/$module.line"
  else
    printf 'FAIL  %-16s %-32s %4ss\n' "$module" "${summary:-$stage failed (exit $rc)}" "$elapsed" >"$scratch/$module.line"
    printf '\n===== %s (%s) =====\n%s\n' "$module" "$stage" "$out" >"$scratch/$module.log"
  fi
}

for module in "${modules[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do wait -n || true; done
  test_module "$module" &
done
wait

failed=0
for module in "${modules[@]}"; do
  if [[ -f "$scratch/$module.line" ]]; then cat "$scratch/$module.line"; else printf 'FAIL  %-16s no result\n' "$module"; fi
  grep -q '^PASS' "$scratch/$module.line" 2>/dev/null || failed=1
done
echo "total: $((SECONDS - started))s"
if [[ $failed -ne 0 ]]; then
  cat "$scratch"/*.log >&2 2>/dev/null || true
  exit 1
fi
