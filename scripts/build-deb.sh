#!/usr/bin/env bash
# Builds build/chatserver_VERSION_ARCH.deb with dpkg-deb from the release build: the
# binary, the web client and Swagger UI under /usr/share/chatserver, a config file in
# /etc/chatserver/, and a hardened systemd unit of Type=notify (deploy/debian/). The
# Depends line is read off the binary's shared libraries, as dpkg-shlibdeps would.
# Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=build/release/chatserver
for needed in "$binary" web/dist/index.html node_modules/swagger-ui-dist/swagger-ui-bundle.js; do
  [[ -e $needed ]] || { echo "build-deb: $needed is missing (run make build)" >&2; exit 1; }
done

# Whoever publishes the package names themselves: DEB_MAINTAINER="Name <address>".
maintainer=${DEB_MAINTAINER:-ChatServer maintainers <packages@example.org>}
version=$(sed -n 's/^project(chatserver VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
stage=build/deb/chatserver_${version}_${arch}
out=build/chatserver_${version}_${arch}.deb
rm -rf "$stage"
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/etc/chatserver" \
  "$stage/lib/systemd/system" "$stage/usr/share/chatserver/web" \
  "$stage/usr/share/chatserver/node_modules/swagger-ui-dist" "$stage/usr/share/doc/chatserver"

install -m 755 "$binary" "$stage/usr/bin/chatserver"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/chatserver"
cp -r web/dist "$stage/usr/share/chatserver/web/dist"
for file in swagger-ui.css swagger-ui-bundle.js LICENSE NOTICE; do
  install -m 644 "node_modules/swagger-ui-dist/$file" \
    "$stage/usr/share/chatserver/node_modules/swagger-ui-dist/$file"
done
install -m 644 deploy/debian/chatserver.conf "$stage/etc/chatserver/chatserver.conf"
install -m 644 deploy/debian/chatserver.service "$stage/lib/systemd/system/chatserver.service"
install -m 644 README.md "$stage/usr/share/doc/chatserver/README.md"
cat >"$stage/usr/share/doc/chatserver/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: chatserver

Files: *
Copyright: 2026 the ChatServer authors
License: other
 No licence has been granted for ChatServer yet; all rights are reserved by its authors.

Files: usr/share/chatserver/node_modules/swagger-ui-dist/*
Copyright: SmartBear Software Inc.
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.
COPYRIGHT
changelog=$stage/usr/share/doc/chatserver/changelog.gz
{
  echo "chatserver ($version) unstable; urgency=medium"
  echo
  echo "  * Built from $(git rev-parse --short HEAD 2>/dev/null || echo 'a source tree')."
  echo
  echo " -- $maintainer  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n >"$changelog"
chmod 644 "$changelog"
find "$stage" -type d -exec chmod 755 {} +

# One package per shared library the binary names (its NEEDED entries, found where ldd
# finds them; dpkg -S), at least the version it was built against.
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
depends=$(for name in $needed; do
  lib=$(ldd "$binary" | awk -v name="$name" '$1 == name && $3 ~ /^\// {print $3}')
  [[ -n $lib ]] || continue
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | while read -r pkg; do
  echo "$pkg (>= $(dpkg-query -W -f='${Version}' "$pkg"))"
done | paste -sd, - | sed 's/,/, /g')

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: chatserver
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: adduser, $depends
Section: net
Priority: optional
Description: real-time group chat server speaking the SignalR protocol
 ChatServer keeps groups and their history (SQLite or PostgreSQL), delivers
 messages in real time to SignalR clients (WebSockets, Server-Sent Events,
 long polling) and scales out over several nodes through Redis. It serves a
 web client at / and its REST API's documentation at /swagger.
CONTROL
echo /etc/chatserver/chatserver.conf >"$stage/DEBIAN/conffiles"
install -m 755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$stage/DEBIAN/"

dpkg-deb --build --root-owner-group -Zxz "$stage" "$out" >/dev/null
echo "$out"
