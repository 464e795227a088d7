"""Install kubectl from Debian's archive, for a machine whose own release has none recent
enough for the manifests (Debian 12 ships 1.20; kustomize components need 1.21 and the
tests' checks 1.27).

python3 scripts/fetch_kubectl.py DIR     → DIR/kubectl

The package comes from Debian 13, which builds kubectl against a C library Debian 12 also
has, and is checked the way apt checks what it installs: the release file's signature
against the Debian archive keyring, the package index against the release file's SHA-256,
and the package against the index's. Standard library, gpgv and dpkg-deb only.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import os
import platform
import stat
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
SUITE = "trixie"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def _get(path: str) -> bytes:
    with urllib.request.urlopen(f"{MIRROR}/{path}", timeout=300) as response:
        data: bytes = response.read()
    return data


def _checked(data: bytes, sha256: str, what: str) -> bytes:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"fetch_kubectl: {what} does not match its SHA-256 in Debian's index")
    return data


def _verified_release() -> str:
    """The release file's text, once gpgv has checked Debian's signature on it."""
    signed = _get(f"dists/{SUITE}/InRelease")
    result = subprocess.run(
        ["gpgv", "--keyring", KEYRING, "--output", "-", "-"],
        input=signed,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"fetch_kubectl: bad signature on {SUITE}'s release file")
    return result.stdout.decode()


def _index_sha256(release: str, name: str) -> str:
    in_sha256 = False
    for line in release.splitlines():
        if not line.startswith(" "):
            in_sha256 = line.startswith("SHA256:")
        elif in_sha256 and line.split()[-1] == name:
            return line.split()[0]
    raise SystemExit(f"fetch_kubectl: {SUITE}'s release file does not list {name}")


def _stanza(index: str, package: str) -> dict[str, str]:
    for block in index.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != " "
        )
        if fields.get("Package") == package:
            return fields
    raise SystemExit(f"fetch_kubectl: Debian {SUITE} has no package {package}")


def main() -> None:
    target = Path(sys.argv[1]).expanduser()
    arch = _ARCH.get(platform.machine().lower())
    if arch is None:
        raise SystemExit(f"fetch_kubectl: no Debian architecture for {platform.machine()}")
    packages_name = f"main/binary-{arch}/Packages.xz"
    packages_sha256 = _index_sha256(_verified_release(), packages_name)
    packages = _checked(_get(f"dists/{SUITE}/{packages_name}"), packages_sha256, "the index")
    kubectl = _stanza(lzma.decompress(packages).decode(), "kubectl")
    deb = _checked(_get(kubectl["Filename"]), kubectl["SHA256"], kubectl["Filename"])
    # dpkg-deb reads the package from its standard input and writes its files as a tar.
    files = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", "/dev/stdin"], input=deb, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(files)) as archive:
        binary = archive.extractfile("./usr/bin/kubectl")
        if binary is None:
            raise SystemExit("fetch_kubectl: the package holds no /usr/bin/kubectl")
        target.mkdir(parents=True, exist_ok=True)
        (target / "kubectl").write_bytes(binary.read())
    path = target / "kubectl"
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    sys.stderr.write(f"kubectl {kubectl['Version']} (Debian {SUITE}) installed at {path}\n")


if __name__ == "__main__":
    main()
