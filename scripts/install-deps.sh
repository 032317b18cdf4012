#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian 12's packages, by name.
# Idempotent: when everything is present it only checks. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # libraries (see doc/dependencies.md for why each one)
  libboost-dev libsqlite3-dev libsodium-dev libssl-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libtomlplusplus-dev
  # intake: mail, charsets, normalisation, domains
  libgmime-3.0-dev libuchardet-dev libutf8proc-dev libpsl-dev publicsuffix libidn2-dev
  # triage: patterns, rules, JSON lines, compressed logs
  libre2-dev libvectorscan-dev libyaml-cpp-dev libsimdjson-dev zlib1g-dev
  # mail channels: IMAP polling (libcurl), and a real Dovecot for the end-to-end test
  libcurl4-openssl-dev dovecot-imapd openssl
  # PostgreSQL backend (a throw-away cluster is started by the tests) and notification templates
  libpqxx-dev postgresql postgresql-contrib libmstch-dev
  # notification delivery test: a real SMTP server on loopback; jq reads the API in that test
  opensmtpd jq
  # web UI: browser tests with Debian's Chromium (Node.js and npm: see below)
  chromium
  # triage benchmark peers
  ripgrep fail2ban time
  # tests, fuzzing, formatting, benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-16 libclang-rt-16-dev
  sqlite3 curl wrk procps python3
)

missing=()
# The web UI builds with npm. A machine that already has Node.js (e.g. NodeSource's package, which bundles
# npm) keeps it; Debian's npm would conflict with it.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
