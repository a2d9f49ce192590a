#!/usr/bin/env bash
# Installs what the browser tests need from Debian's packages, only when missing:
# Chromium (driven by Playwright; never a browser downloaded by a test tool) and its fonts,
# Java for the Nu HTML checker, and Node.js with npm for the pinned checkers.
# Non-interactive, for CI (root, no terminal) as for a developer with sudo.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
# Fonts with Arial's and Helvetica's measurements, which the site's system font stack asks
# for and most patients' devices have: pages and printouts are then measured as patients see them.
dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

apt_install() {
  echo "Installing from Debian's packages: $*"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
# Some Node.js packages bring npm with them and conflict with Debian's; ask only if still missing.
if ! command -v npm >/dev/null 2>&1; then
  apt_install npm
fi
