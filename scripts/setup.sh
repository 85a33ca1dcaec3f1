#!/usr/bin/env bash
# Creates .venv with the engine installed (and, with --test, what the tests need; with --bench, the benchmarks' peer).
set -euo pipefail
cd "$(dirname "$0")/.."

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python=$candidate
        break
    fi
done
[ -n "$python" ] || { echo "Python 3.11 of nieuwer is nodig" >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv
# --test: also what the tests need; --bench: also the peer engine of the benchmarks (python-redlines)
extras=""
for option in "$@"; do
    case "$option" in
        --test) extras="${extras:+$extras,}test" ;;
        --bench) extras="${extras:+$extras,}bench" ;;
        *) echo "onbekende optie: $option (--test, --bench)" >&2; exit 2 ;;
    esac
done
extras="${extras:+[$extras]}"
# editable_mode=compat: the repository is put on the path by a .pth line instead of an import hook,
# which every start of `afspraken` would otherwise pay for (about 20 ms; benchmarks/cli_bench.py).
.venv/bin/python -m pip install --quiet --disable-pip-version-check --config-settings editable_mode=compat -e ".${extras}"
