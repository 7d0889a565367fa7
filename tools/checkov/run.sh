#!/usr/bin/env bash
# checkov over terraform/ (config: .checkov.yaml at the repository root), offline, in its own virtualenv.
#
#   tools/checkov/run.sh [checkov options...]     e.g. tools/checkov/run.sh --check CKV_AWS_338
#
# Exits non-zero when any check fails (or the scan itself fails) and prints the passed/failed/skipped summary.
# Every accepted finding is skipped inline on its resource (#checkov:skip=<id>:<reason>), never in the config.
#
# .venv-checkov is (re)built from tools/checkov/requirements.txt when it is missing or that file changed (a stamp
# holds the file's sha256): checkov's bc-python-hcl2 installs an `hcl2` module that clashes with the project's
# python-hcl2, so checkov never goes into .venv. PYTHON picks the interpreter (default python3, >= 3.11).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

requirements="tools/checkov/requirements.txt"
venv=".venv-checkov"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/checkov" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  echo "checkov: building $venv from $requirements" >&2
  rm -rf -- "$venv"
  "$python" -m venv "$venv"
  # --no-deps: exactly the pinned set, nothing resolved afresh; pip check proves the pins are complete.
  "$venv/bin/python" -m pip install --quiet --quiet --disable-pip-version-check --no-deps -r "$requirements"
  "$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null
  echo "$wanted" >"$stamp"
fi

# No network: no Bridgecrew/Prisma platform (no API key, no policy metadata or guideline download, no ID
# mapping) and no PyPI version check. External modules are not downloaded either (.checkov.yaml).
unset BC_API_KEY PRISMA_API_URL BC_API_URL
export CKV_SKIP_PACKAGE_UPDATE_CHECK=true
export BC_SKIP_MAPPING=TRUE
# A file checkov cannot parse is an error, not a file silently left unscanned.
export CKV_PARSE_ERROR_FAIL=true

exec "$venv/bin/checkov" --config-file .checkov.yaml "$@"
