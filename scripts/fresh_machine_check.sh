#!/usr/bin/env bash
# The README's promise, checked: on a Debian 12 with only its Python 3 and make, `make run`
# prints the demo's decisions and `make test` passes. Builds that machine as a chroot with
# debootstrap, puts a clone of this checkout's HEAD in it and runs both commands there.
#
#   sudo scripts/fresh_machine_check.sh [DIR]     (DIR: where the chroot goes; default a
#                                                  new folder under /tmp; about 25 minutes)
#
# Needs root, debootstrap and git on this machine. The chroot shares this machine's network;
# certificates this machine adds to its trust store (a proxy's) are copied in, so the
# chroot reaches PyPI and Debian as this machine does.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install debootstrap" >&2; exit 2; }

root="${1:-$(mktemp -d /tmp/fresh-machine.XXXXXX)}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
say() { echo "fresh-machine: $*" >&2; }

unmount() {
  for point in dev/shm dev/pts dev sys proc; do
    umount "$root/$point" 2>/dev/null || true
  done
}
trap unmount EXIT

if [ ! -x "$root/usr/bin/python3" ]; then
  say "installing Debian 12 with python3 and make into $root"
  debootstrap --variant=minbase --include=python3,make,ca-certificates bookworm "$root" "$mirror" >/dev/null
fi
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
chroot "$root" update-ca-certificates >/dev/null
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts"
mount -t tmpfs -o size=2g tmpfs "$root/dev/shm"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"

rm -rf "$root/root/project"
git clone --quiet "$PWD" "$root/root/project"
in_chroot() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt /bin/sh -c "cd /root/project && $1"
}
in_chroot 'for tool in uv psql chromium kubectl; do command -v $tool && exit 1; done; true' \
  || { say "the chroot is not fresh: it already has one of uv, psql, chromium, kubectl"; exit 1; }

say "make run (stopped once the demo has printed its decisions)"
log="$root/root/make-run.log"
in_chroot 'make run' >"$log" 2>&1 &
for _ in $(seq 600); do
  grep -q "Press Ctrl-C" "$log" && break
  sleep 1
done
pkill -INT -f "/root/project/.venv/bin/devstack run" || true
wait || true
grep -E "^(greenhouse|ashby|lever):" "$log" || { tail -20 "$log"; say "make run printed no decisions"; exit 1; }

say "make test"
in_chroot 'make test'
say "both commands worked on a Debian with only Python and make"
