"""Install uv from its PyPI wheel with the standard library only, for a Python without pip.

python3 scripts/fetch_uv.py DIR     → DIR/uv
"""

from __future__ import annotations

import io
import json
import platform
import stat
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}


def wheel_url() -> str:
    arch = _ARCH.get(platform.machine().lower())
    if arch is None or sys.platform != "linux":
        raise SystemExit(f"no uv wheel known for {sys.platform}/{platform.machine()}")
    index = "https://pypi.org/pypi/uv/json"
    with urllib.request.urlopen(index, timeout=60) as response:
        release = json.load(response)
    for file in release["urls"]:
        name = file["filename"]
        if name.endswith(".whl") and "manylinux" in name and name[: -len(".whl")].endswith(arch):
            # Mirrors may answer with links relative to the index page.
            return urllib.parse.urljoin(index, file["url"])
    raise SystemExit(f"PyPI lists no manylinux {arch} wheel of uv")


def main() -> None:
    target = Path(sys.argv[1]).expanduser()
    with urllib.request.urlopen(wheel_url(), timeout=300) as response:
        wheel = zipfile.ZipFile(io.BytesIO(response.read()))
    member = next(n for n in wheel.namelist() if n.endswith(".data/scripts/uv"))
    target.mkdir(parents=True, exist_ok=True)
    binary = target / "uv"
    binary.write_bytes(wheel.read(member))
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    sys.stderr.write(f"uv installed at {binary}\n")


if __name__ == "__main__":
    main()
