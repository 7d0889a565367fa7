"""Build the Lambda artifacts: one zip per service and one for the common layer, byte-for-byte reproducible.

    python -m local.build [--out build/dist]

Same inputs give the same sha256: entries are sorted, timestamps fixed, permissions normalised and caches
left out. Terraform reads the zips with `filebase64sha256` (source_code_hash), and the local event plane finds
the code a deployed function runs by that same hash.
"""

from __future__ import annotations

import argparse
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Artifact:
    name: str
    source: Path  # folder whose contents become the zip root, under `prefix`
    include: str  # the package inside `source` that is shipped
    prefix: str = ""


ARTIFACTS = (
    Artifact("layer-common", ROOT / "layers/common/python", "order_common", prefix="python/"),
    Artifact("cdc", ROOT / "services/cdc", "cdc"),
    Artifact("payments", ROOT / "services/payments", "payments"),
)


def _files(artifact: Artifact) -> list[Path]:
    base = artifact.source / artifact.include
    if not base.is_dir():
        raise SystemExit(f"build: {base} does not exist")
    return sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def build_zip(artifact: Artifact, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{artifact.name}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in _files(artifact):
            arcname = artifact.prefix + path.relative_to(artifact.source).as_posix()
            info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description="Build reproducible Lambda zips")
    parser.add_argument("--out", type=Path, default=ROOT / "build/dist")
    args = parser.parse_args()
    for artifact in ARTIFACTS:
        path = build_zip(artifact, args.out)
        print(f"{sha256(path)}  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
