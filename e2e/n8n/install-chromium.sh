#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the editor test (playwright-core drives it through
# executablePath; Playwright's own browser downloads are not used). Prints CHROMIUM=<path> on stdout.
set -euo pipefail
bin=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$bin" ]; then
  echo "[install-chromium] installing Debian's chromium (apt-get)" >&2
  if [ "$(id -u)" != 0 ]; then echo "[install-chromium] needs root for apt-get; or set CHROMIUM to a Chromium binary" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
echo "CHROMIUM=$bin"
