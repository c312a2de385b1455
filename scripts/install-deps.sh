#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$here/debian-packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
# node/npm may come from outside Debian's packages on some machines: accept them as present.
filtered=()
for pkg in "${missing[@]}"; do
  case "$pkg" in
    nodejs) command -v node >/dev/null || filtered+=("$pkg") ;;
    npm) command -v npm >/dev/null || filtered+=("$pkg") ;;
    *) filtered+=("$pkg") ;;
  esac
done
[ ${#filtered[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
# libmsgpack-cxx-dev depends on libboost-dev, Debian 12's metapackage for Boost 1.74, which
# conflicts with the Boost 1.81 we build with (msgpack-cxx is used without Boost anyway:
# MSGPACK_NO_BOOST). A local libboost-dev that depends on libboost1.81-dev stands in for it.
extra=()
if [[ " ${filtered[*]} " == *" libmsgpack-cxx-dev "* ]] &&
  ! dpkg-query -W -f='${Status}' libboost-dev 2>/dev/null | grep -q 'install ok installed'; then
  shim=$(mktemp -d)
  trap 'rm -rf "$shim"' EXIT
  mkdir -p "$shim/pkg/DEBIAN"
  cat >"$shim/pkg/DEBIAN/control" <<'CONTROL'
Package: libboost-dev
Version: 1.81.0.0+chatserver1
Architecture: all
Maintainer: ChatServer <chatserver@localhost>
Depends: libboost1.81-dev
Description: Boost 1.81 as the default Boost (stands in for Debian's 1.74 metapackage)
CONTROL
  dpkg-deb --build --root-owner-group "$shim/pkg" "$shim/libboost-dev.deb" >/dev/null
  extra+=("$shim/libboost-dev.deb")
fi
echo "Installing: ${filtered[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${extra[@]}" "${filtered[@]}"
