#!/usr/bin/env bash
# Make sure the browser tests have a Chromium to drive: Debian's package, installed as root when
# missing. Where that is impossible, stop with what to install rather than skip the tests.
set -euo pipefail

if [[ -n "${CERCLES_CHROMIUM:-}" && -x "${CERCLES_CHROMIUM}" ]] || command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    exit 0
fi
cat >&2 <<'MESSAGE'
The browser tests need Chromium, and it could not be installed automatically (that needs root and apt-get).
Install it, then run `make test` again:
    sudo apt-get install chromium        # Debian, Ubuntu
or point CERCLES_CHROMIUM at an existing Chromium or Chrome executable:
    CERCLES_CHROMIUM=/path/to/chromium make test
MESSAGE
exit 1
