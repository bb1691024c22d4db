#!/usr/bin/env bash
# Make sure the browser tests have a Chromium to drive (Debian's package), zbarimg to scan the agenda's
# QR code and pdftotext to read its print preview: installed as root when missing. Where that is
# impossible, stop with what to install rather than skip the tests.
set -euo pipefail

packages=()
if ! { [[ -n "${CERCLES_CHROMIUM:-}" && -x "${CERCLES_CHROMIUM}" ]] || command -v chromium >/dev/null 2>&1; }; then
    packages+=(chromium fonts-dejavu-core)
fi
command -v zbarimg >/dev/null 2>&1 || packages+=(zbar-tools)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi
if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's ${packages[*]} for the browser tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    exit 0
fi
cat >&2 <<'MESSAGE'
The browser tests need Chromium, zbarimg and pdftotext, and they could not be installed automatically
(that needs root and apt-get). Install them, then run `make test` again:
    sudo apt-get install chromium zbar-tools poppler-utils   # Debian, Ubuntu
or point CERCLES_CHROMIUM at an existing Chromium or Chrome executable:
    CERCLES_CHROMIUM=/path/to/chromium make test
MESSAGE
exit 1
