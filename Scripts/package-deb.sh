#!/usr/bin/env bash
# Builds dist/newsletter_VERSION_amd64.deb: a release build with the Swift runtime linked
# statically (so the package needs only Debian's libraries: libcurl, libsqlite3, libssl,
# libcmark), the default templates, /etc/newsletter/newsletter.toml (a conffile), systemd
# units and timers, man pages made from the commands' help, and maintainer scripts that
# make the `newsletter` system user and /var/lib/newsletter (0700).
#   Scripts/package-deb.sh [BINARY]
# BINARY: package this executable instead of building one (it should be linked with
# --static-swift-stdlib). The .deb's path is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [[ -n "${1:-}" ]]; then
  bin=$(realpath "$1")
else
  # Its own build folder: modules compiled for a static runtime do not mix with the others.
  swift build -c release --static-swift-stdlib --product newsletter --scratch-path .build/static >&2
  bin=$root/.build/static/release/newsletter
fi
version=$("$bin" --version | awk '{ print $NF }')
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/newsletter_${version}_$arch
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/newsletter/templates" "$stage/etc/newsletter" \
  "$stage/usr/lib/systemd/system" "$stage/usr/share/man/man1" "$stage/usr/share/doc/newsletter"

install -m 0755 "$bin" "$stage/usr/bin/newsletter"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/newsletter"
install -m 0644 Templates/*.mustache "$stage/usr/share/newsletter/templates/"
install -m 0644 deploy/debian/newsletter.toml "$stage/etc/newsletter/newsletter.toml"
install -m 0644 deploy/systemd/*.service deploy/systemd/*.timer "$stage/usr/lib/systemd/system/"
install -m 0644 cron/newsletter.cron "$stage/usr/share/doc/newsletter/newsletter.cron.example"
python3 Scripts/make-man.py "$stage/usr/bin/newsletter" "$stage/usr/share/man/man1" --gzip --date "$(date -u +%F)" >&2

# Debian's documentation files: the copyright and a changelog.
cat >"$stage/usr/share/doc/newsletter/copyright" <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: newsletter
Source: https://github.com/newsletter/newsletter

Files: *
Copyright: 2026 The newsletter authors
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
COPY
printf 'newsletter (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- newsletter maintainers <packages@newsletter.example>  %s\n' \
  "$version" "$version" "$(date -u -R)" | gzip -9n >"$stage/usr/share/doc/newsletter/changelog.gz"

# The libraries the executable needs, as Debian packages (dpkg-shlibdeps reads its ELF).
mkdir -p "$work/shlibs/debian"
printf 'Source: newsletter\n\nPackage: newsletter\nArchitecture: any\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/newsletter" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n "$depends" ]] || { echo "package-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: newsletter
Version: $version
Architecture: $arch
Maintainer: newsletter maintainers <packages@newsletter.example>
Installed-Size: $size
Depends: $depends, adduser
Section: mail
Priority: optional
Homepage: https://github.com/newsletter/newsletter
Description: blog to email newsletter and social posts, in one binary
 Reads a blog's feed (RSS, Atom, JSON Feed, WordPress REST) and sends a weekly
 digest or an announcement of each new post to double opt-in subscribers over
 SMTP (DKIM, VERP, retries, exactly once), reads bounces and complaints, shares
 posts to social networks, and serves the subscribe, preferences and archive
 pages and an owners' console. SQLite store, or PostgreSQL for several machines.
CONTROL
echo /etc/newsletter/newsletter.toml >"$stage/DEBIAN/conffiles"
install -m 0755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$stage/DEBIAN/"
find "$stage" -type d -exec chmod 0755 {} +
(cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles"
mkdir -p dist
out=dist/newsletter_${version}_$arch.deb
fakeroot dpkg-deb --build -Zxz "$stage" "$out" >&2
echo "$root/$out"
