"""Build the Lambda artifacts: one zip per service and one for the common layer, byte-for-byte reproducible.

    python -m local.build [--out build/dist]      # build every zip, print `<sha256>  <path>` per zip
    python -m local.build --lock                  # re-resolve layers/common/requirements.txt (needs PyPI)

Same inputs give the same sha256: entries are sorted, every timestamp is 1980-01-01, permissions are normalised
(0644, or 0755 where the wheel marks a file executable), `__pycache__`/`*.pyc` are left out, and nothing that
names the build machine, its paths or the time of the build goes in. Terraform reads the zips with
`filebase64sha256` (source_code_hash), and the local event plane finds the code a deployed function runs by that
same hash. (The deflate stream comes from zlib: a different zlib build could compress differently; every machine
of this project runs the same one.)

The layer (`layer-common.zip`, unzipped into /opt on Lambda) holds `python/order_common` plus the runtime
dependencies of the Lambda code — pyproject.toml's `[project] dependencies` and everything they pull in — as
CPython 3.12 manylinux2014 x86_64 wheels, the python3.12 runtime's target:

- `layers/common/requirements.txt` is the layer's lock: exact pins of the whole closure (the versions
  requirements.lock pins for the venv, so local runs and Lambda run the same code) and the sha256 of each
  wheel. `--lock` regenerates it with pip's resolver for the Lambda target (`pip install --dry-run --report`).
- The wheels are fetched with `pip download --require-hashes --only-binary=:all: --platform manylinux2014_x86_64
  --implementation cp --python-version 3.12` into `build/cache/wheels/` (gitignored). A wheel whose sha256 is
  already there is not fetched again, so a warm build does not touch the network.
- The wheels are unpacked into `python/` by this module rather than by `pip install --target`: a wheel is a zip
  whose layout the wheel spec fixes (`*.data/purelib|platlib` go to the root; `scripts`, `headers` and `data`
  have no place in a layer and are dropped), and unpacking it here makes the layer's bytes depend on the
  hash-locked wheels alone — not on the pip version (the venv's pip is upgraded, unpinned), nor on pip's
  install-time files (console scripts whose shebang names the build interpreter, a RECORD listing them,
  INSTALLER, direct_url.json). Each `*.dist-info` is kept as the wheel ships it, except its RECORD, which is
  rewritten to list exactly the files the layer holds (path, sha256, size: nothing that varies).

boto3 and botocore are in the layer, on purpose. The python3.12 runtime ships its own boto3, but AWS updates it
without notice and it is not the version the code is tested with; the layer pins the SDK the venv (and so every
local and end-to-end run) uses, botocore is needed by aws-xray-sdk (the tracer extra) anyway, and the cost is
size (see the report of `make build`; the layer stays far under Lambda's 250 MB unzipped limit).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
LAYER_LOCK = ROOT / "layers/common/requirements.txt"
WHEEL_CACHE = ROOT / "build/cache/wheels"

# Lambda's python3.12 runtime on x86_64: CPython 3.12, glibc-based (manylinux2014 wheels and older tags).
LAMBDA_TARGET = (
    "--platform",
    "manylinux2014_x86_64",
    "--implementation",
    "cp",
    "--python-version",
    "3.12",
    "--only-binary=:all:",
)


class BuildError(SystemExit):
    """The build cannot go on (a missing source, a wheel that could not be fetched or does not match the lock)."""


@dataclass(frozen=True)
class Artifact:
    name: str
    source: Path  # folder whose contents become the zip root, under `prefix`
    include: str  # the package inside `source` that is shipped
    prefix: str = ""
    requirements: Path | None = None  # a hash-locked requirements file whose wheels are unpacked under `prefix`


ARTIFACTS = (
    Artifact("layer-common", ROOT / "layers/common/python", "order_common", prefix="python/", requirements=LAYER_LOCK),
    Artifact("cdc", ROOT / "services/cdc", "cdc"),
    Artifact("payments", ROOT / "services/payments", "payments"),
)


# --- the lock -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    hashes: tuple[str, ...]  # sha256 hex digests of the acceptable wheels

    @property
    def line(self) -> str:
        return f"{self.name}=={self.version} " + " ".join(f"--hash=sha256:{h}" for h in self.hashes)


def read_lock(path: Path) -> list[Pin]:
    """The pins of a `name==version --hash=sha256:...` requirements file (pip's format, `\\` continuations)."""
    text = re.sub(r"\\\n", " ", path.read_text())
    pins = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *options = line.split()
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)", spec)
        hashes = tuple(o.split(":", 1)[1] for o in options if o.startswith("--hash=sha256:"))
        if match is None or not hashes:
            raise BuildError(f"build: {path}: `{raw.strip()}` is not an exact pin with a sha256 hash")
        pins.append(Pin(match[1], match[2], hashes))
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip(*args: str, what: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pip", *args]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(
            f"build: {what} failed (pip exit {result.returncode}; PyPI must be reachable through pip when the "
            f"wheel cache {WHEEL_CACHE.relative_to(ROOT)} lacks a wheel).\n$ {' '.join(cmd)}\n"
            f"{result.stdout[-4000:]}{result.stderr[-4000:]}"
        )
    return result


def lock(out: Path = LAYER_LOCK) -> Path:
    """Resolve the layer's closure for the Lambda target, pinned by requirements.lock, into `out` with hashes."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    with tempfile.TemporaryDirectory(prefix="layer-lock-") as tmp:
        top = Path(tmp) / "top.txt"
        top.write_text("\n".join(project["dependencies"]) + "\n")
        report = Path(tmp) / "report.json"
        _pip(
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            "--target",
            str(Path(tmp) / "target"),
            *LAMBDA_TARGET,
            "-r",
            str(top),
            "-c",
            str(ROOT / "requirements.lock"),
            what="resolving the layer's requirements",
        )
        installs = json.loads(report.read_text())["install"]
    lines = [
        "# The common layer's third-party packages: Lambda python3.12 on x86_64 (CPython 3.12 manylinux2014 wheels).",
        "# Generated by `python -m local.build --lock` from pyproject.toml's [project] dependencies, pinned by",
        "# requirements.lock (the venv's versions). Do not edit by hand. `make build` installs these with --no-deps.",
    ]
    for item in sorted(installs, key=lambda i: _normalise(i["metadata"]["name"])):
        info = item["download_info"]
        digest = info.get("archive_info", {}).get("hashes", {}).get("sha256")
        if not digest:
            raise BuildError(f"build: pip reported no sha256 for {info['url']}")
        wheel = info["url"].rsplit("/", 1)[-1].split("#", 1)[0]
        lines += [
            f"{_normalise(item['metadata']['name'])}=={item['metadata']['version']} \\",
            f"    --hash=sha256:{digest}",
            f"    # {wheel}",
        ]
    out.write_text("\n".join(lines) + "\n")
    return out


# --- the wheels -----------------------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheels(requirements: Path, cache: Path = WHEEL_CACHE) -> list[Path]:
    """The wheel of every pin in `requirements`, from `cache`; only the missing ones are downloaded (from PyPI)."""
    pins = read_lock(requirements)
    cache.mkdir(parents=True, exist_ok=True)
    by_hash = {_sha256_file(p): p for p in sorted(cache.glob("*.whl"))}
    missing = [pin for pin in pins if not any(h in by_hash for h in pin.hashes)]
    if missing:
        with tempfile.TemporaryDirectory(prefix=".download-", dir=cache) as tmp:
            wanted = Path(tmp) / "requirements.txt"
            wanted.write_text("\n".join(pin.line for pin in missing) + "\n")
            _pip(
                "download",
                "--no-deps",
                "--require-hashes",
                "--quiet",
                *LAMBDA_TARGET,
                "--dest",
                tmp,
                "-r",
                str(wanted),
                what=f"downloading {len(missing)} wheel(s) for the layer ({', '.join(p.name for p in missing)})",
            )
            for wheel in sorted(Path(tmp).glob("*.whl")):
                digest = _sha256_file(wheel)
                target = cache / wheel.name
                shutil.move(str(wheel), target)
                by_hash[digest] = target
    wheels = []
    for pin in pins:
        found = next((by_hash[h] for h in pin.hashes if h in by_hash), None)
        if found is None:
            raise BuildError(f"build: no wheel with the locked sha256 of {pin.name}=={pin.version} in {cache}")
        wheels.append(found)
    return wheels


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_entries(wheel: Path) -> dict[str, tuple[bytes, bool]]:
    """A wheel installed into a folder (purelib = platlib = the folder): path -> (content, executable)."""
    entries: dict[str, tuple[bytes, bool]] = {}
    record_path = None
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            parts = info.filename.split("/")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue  # scripts, headers, data: no place in a layer
                parts = parts[2:]
            if "__pycache__" in parts or parts[-1].endswith((".pyc", ".pyo")):
                continue
            path = "/".join(parts)
            if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "RECORD":
                record_path = path
                continue
            entries[path] = (archive.read(info), bool((info.external_attr >> 16) & 0o111))
    if record_path is None:
        raise BuildError(f"build: {wheel.name} has no .dist-info/RECORD")
    rows = [f"{path},{_record_hash(data)},{len(data)}" for path, (data, _) in sorted(entries.items())]
    entries[record_path] = ("\n".join([*rows, f"{record_path},,"]).encode() + b"\n", False)
    return entries


# --- the zips -------------------------------------------------------------------------------------------------


def _files(artifact: Artifact) -> list[Path]:
    base = artifact.source / artifact.include
    if not base.is_dir():
        raise BuildError(f"build: {base} does not exist")
    return sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def _entries(artifact: Artifact) -> dict[str, tuple[bytes, bool]]:
    entries: dict[str, tuple[bytes, bool]] = {}
    for path in _files(artifact):
        entries[artifact.prefix + path.relative_to(artifact.source).as_posix()] = (path.read_bytes(), False)
    if artifact.requirements is not None:
        for wheel in fetch_wheels(artifact.requirements):
            for member, entry in wheel_entries(wheel).items():
                name = artifact.prefix + member
                if name in entries:
                    raise BuildError(f"build: {artifact.name}: {name} comes from two places (last: {wheel.name})")
                entries[name] = entry
    return entries


def build_zip(artifact: Artifact, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{artifact.name}.zip"
    tmp = target.with_suffix(".zip.tmp")
    entries = _entries(artifact)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            data, executable = entries[name]
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.create_system = 3  # Unix, whatever the build host: external_attr holds Unix permissions
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    tmp.replace(target)
    return target


def sha256(path: Path) -> str:
    return _sha256_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build reproducible Lambda zips")
    parser.add_argument("--out", type=Path, default=ROOT / "build/dist")
    parser.add_argument("--lock", action="store_true", help=f"re-resolve {LAYER_LOCK.relative_to(ROOT)} and exit")
    args = parser.parse_args()
    if args.lock:
        print(f"wrote {lock().relative_to(ROOT)}")
        return
    for artifact in ARTIFACTS:
        path = build_zip(artifact, args.out)
        print(f"{sha256(path)}  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
