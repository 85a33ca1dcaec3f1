#!/usr/bin/env bash
# Debian packages the tests use: LibreOffice (independent reader, PDF, tracked changes via UNO; Calc for
# the budget workbook round trip; libreoffice-math so that LibreOffice reads and writes equations (OMML)
# at all: without it they vanish from a document it opens), poppler (pdfinfo/pdftoppm) and
# metric-compatible fonts. libreoffice-math needs the full libreoffice-core, so that is named first and
# the -nogui packages take it instead of libreoffice-core-nogui.
set -euo pipefail
packages=(libreoffice-core libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-math python3-uno poppler-utils fonts-liberation fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Debian-pakketten installeren: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
