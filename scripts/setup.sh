#!/usr/bin/env bash
# Brings this machine up to what the project needs, and does nothing when it is already there:
#   1. the Debian packages manim needs (cairo, pango, LaTeX, dvisvgm, fonts),
#   2. .venv with the project and its test tools installed from pyproject.toml,
#   3. node_modules/ from package-lock.json: reveal.js (copied into HTML slide decks) and
#      axe-core (the tests' accessibility checks of the course site).
# `scripts/setup.sh test` also installs what the tests drive: Chromium and its driver.
# Called by `make render` and `make test`; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  pkg-config libcairo2-dev libpango1.0-dev          # pycairo and ManimPango build against these
  texlive-latex-base texlive-latex-recommended      # MathTex / Tex
  texlive-latex-extra texlive-fonts-recommended
  dvisvgm                                           # LaTeX -> SVG for manim
  fonts-dejavu-core                                 # the font every Text uses (toolkit/style.py)
  festival festvox-us-slt-hts                       # the offline narrator's voice (narration/voices.py)
  libyuv0                                           # frames to YUV for x264 (manim_patches/encoder.py)
)
# Only for the tests: the HTML deck is played in headless Chromium, driven over WebDriver.
TEST_DEBIAN_PACKAGES=(chromium chromium-driver)
if [ "${1:-}" = "test" ]; then DEBIAN_PACKAGES+=("${TEST_DEBIAN_PACKAGES[@]}"); fi
# reveal.js comes from the npm registry: node and npm from Debian when the machine lacks them.
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs npm)
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
else
  echo "setup: this is not a Debian-like system; install the equivalents of: ${DEBIAN_PACKAGES[*]}" >&2
fi

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root or with sudo: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=.venv/.installed
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
  rm -f "$stamp"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing the project into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi

# reveal.js for the HTML decks (render.py slides --to html) and axe-core for the tests, exactly
# as package-lock.json pins them.
npm_stamp=node_modules/.installed
if [ ! -f "$npm_stamp" ] || [ package-lock.json -nt "$npm_stamp" ] || [ ! -f node_modules/reveal.js/package.json ] \
   || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "setup: installing reveal.js and axe-core from package-lock.json into node_modules/"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
