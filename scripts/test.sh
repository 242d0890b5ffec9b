#!/usr/bin/env bash
# Install what the suite's own tests need, then run them: `bash scripts/test.sh [pytest args]`.
# System packages (scripts/test-system-packages.txt) come from Debian's apt when run as root; as an
# ordinary user the missing ones are named (install them with sudo) and their tests skip with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' scripts/test-system-packages.txt | grep -v '^$' || true)
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "scripts/test.sh: not installed: ${missing[*]} (sudo apt-get install ${missing[*]}); their tests skip" >&2
    fi
fi
python -m pip install --quiet -e ".[test]"
exec python -m pytest tests "$@"
