#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: Debian packages, .venv, mypy, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh --test
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
