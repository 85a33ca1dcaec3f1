#!/usr/bin/env bash
# Generates all agreements from the shipped data into output/ (sets up .venv first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/afspraken generate --all "$@"
