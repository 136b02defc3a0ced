#!/usr/bin/env bash
# Installs the Debian packages the project needs and the machine lacks: a Chinese font for the PDFs
# (bulletins, reviews) and poppler's pdftotext, with which the tests read them as a reader would; with
# --with-browser also chromium, which the browser tests (test/browser) drive with playwright-core
# (`npm start` does not need it). Skips what dpkg already has; runs apt-get update at most once. Idempotent.
set -euo pipefail
packages=(fonts-wqy-microhei poppler-utils)
[ "${1:-}" = "--with-browser" ] && packages+=(chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo=(sudo); else
    echo "missing Debian packages: ${missing[*]}; install them with: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
else sudo=(); fi
echo "installing Debian packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
