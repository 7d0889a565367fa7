"""The Lambda artifacts: reproducible zips, a layer of python3.12 manylinux wheels, usable locally on 3.11.

The first build on a machine downloads the layer's wheels from PyPI into build/cache/wheels (cold cache); when
that fails the test fails, saying why. After that no test here touches the network.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from local import build
from local.plane.lambda_bootstrap import LAYER_DIRS_ENV
from local.plane.lambda_runtime import BOOTSTRAP, extract_once

REPO_ROOT = Path(__file__).resolve().parents[3]
PYDANTIC_CORE_SO = re.compile(r"^python/pydantic_core/_pydantic_core\.cpython-312-x86_64-linux-gnu\.so$")


def _build_all(out: Path) -> dict[str, str]:
    try:
        paths = [build.build_zip(artifact, out) for artifact in build.ARTIFACTS]
    except build.BuildError as error:  # e.g. PyPI unreachable on a cold wheel cache
        pytest.fail(f"the build failed: {error}", pytrace=False)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    return first, _build_all(first), _build_all(second)


@pytest.fixture(scope="module")
def layer(two_builds: tuple[Path, dict[str, str], dict[str, str]]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(two_builds[0] / "layer-common.zip") as archive:
        yield archive


def test_two_builds_give_the_same_bytes_for_every_zip(two_builds):
    # Given the same sources and the same lock, built twice into two folders
    _, first, second = two_builds
    # Then every zip has the same sha256 both times
    assert set(first) == {f"{a.name}.zip" for a in build.ARTIFACTS}
    assert first == second


def test_the_layer_holds_order_common_and_the_cp312_manylinux_wheels(layer):
    names = layer.namelist()
    # order_common, first party, under python/ as Lambda expects a layer
    assert "python/order_common/__init__.py" in names
    # pydantic_core compiled for CPython 3.12 on manylinux x86_64, from the wheel the lock pins
    assert [n for n in names if PYDANTIC_CORE_SO.match(n)], "no cp312 x86_64 pydantic_core extension in the layer"
    wheel_meta = next(n for n in names if re.fullmatch(r"python/pydantic_core-[^/]+\.dist-info/WHEEL", n))
    assert re.search(r"^Tag: cp312-cp312-manylinux\w*x86_64$", layer.read(wheel_meta).decode(), re.M)
    # and every locked distribution, importable from python/ (its dist-info is there)
    for pin in build.read_lock(build.LAYER_LOCK):
        dist = re.sub(r"[-.]+", "_", pin.name)
        assert any(re.fullmatch(rf"python/{dist}-{re.escape(pin.version)}\.dist-info/METADATA", n, re.I) for n in names)


def test_the_layer_holds_nothing_that_varies_between_builds(layer):
    infos = layer.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {build.FIXED_DATE}
    assert {i.external_attr >> 16 for i in infos} <= {0o100644, 0o100755}
    assert not [i.filename for i in infos if "__pycache__" in i.filename or i.filename.endswith((".pyc", ".pyo"))]
    assert not [i.filename for i in infos if i.filename.startswith("python/bin/") or "direct_url.json" in i.filename]
    # Each RECORD lists exactly the files its wheel put in the layer, with their hashes (no paths outside it)
    records = [n for n in layer.namelist() if n.endswith(".dist-info/RECORD")]
    assert len(records) == len(build.read_lock(build.LAYER_LOCK))
    listed = set()
    for record in records:
        for row in layer.read(record).decode().splitlines():
            path, digest, size = row.rsplit(",", 2)
            assert not path.startswith(("/", "..")), row
            listed.add(f"python/{path}")
            if path != record.removeprefix("python/"):
                data = layer.read(f"python/{path}")
                assert digest == build._record_hash(data) and int(size) == len(data), row
    shipped = {n for n in layer.namelist() if not n.startswith("python/order_common/")}
    assert listed == shipped


def test_a_warm_build_does_not_touch_the_network(two_builds, monkeypatch):
    # Given the wheel cache the builds above filled, pip (the only way to the network) is not called again
    def no_pip(*args, **kwargs):
        raise AssertionError(f"pip called on a warm cache: {args}")

    monkeypatch.setattr(build, "_pip", no_pip)
    wheels = build.fetch_wheels(build.LAYER_LOCK)
    assert len(wheels) == len(build.read_lock(build.LAYER_LOCK))


def test_the_layer_lock_pins_the_venvs_versions_of_the_projects_dependencies():
    # The layer ships what the venv tests with: every pin equals requirements.lock's
    venv_pins = dict(
        re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", (REPO_ROOT / "requirements.lock").read_text(), re.M),
    )
    venv_pins = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in venv_pins.items()}
    pins = {p.name: p for p in build.read_lock(build.LAYER_LOCK)}
    assert {name: p.version for name, p in pins.items()} == {name: venv_pins.get(name) for name in pins}
    # and every [project] dependency of pyproject.toml is in it
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    for dependency in project["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.split(r"[\[=<>!~ ;]", dependency, maxsplit=1)[0]).lower()
        assert name in pins, f"{dependency} is not in {build.LAYER_LOCK.name}"
    # with one sha256 per pin (the Lambda target's wheel): pip --require-hashes accepts the file
    assert all(len(p.hashes) == 1 and re.fullmatch(r"[0-9a-f]{64}", p.hashes[0]) for p in pins.values())


def _python312() -> str | None:
    candidates = [
        os.environ.get("LAMBDA_PYTHON"),  # an explicit CPython 3.12, where it is not on PATH or in pyenv
        shutil.which("python3.12"),
        *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12"))),
    ]
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"], capture_output=True, text=True
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


def test_the_layer_alone_imports_on_cpython_312(two_builds, tmp_path):
    # As on Lambda: a CPython 3.12 with nothing but the layer (no site-packages)
    python312 = _python312()
    if python312 is None:
        pytest.fail(
            "no CPython 3.12 (Lambda's python3.12) to import the layer with: put python3.12 on PATH, install it "
            "with pyenv, or set LAMBDA_PYTHON to its path",
            pytrace=False,
        )
    layer_dir = extract_once(two_builds[0] / "layer-common.zip", tmp_path)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import order_common.settings, order_common.observability, order_common.idempotency, pydantic_core, boto3;"
        "from aws_lambda_powertools import Tracer;"
        "print(pydantic_core.__file__)"
    )
    result = subprocess.run(
        [python312, "-I", "-S", "-c", code, str(layer_dir / "python")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(layer_dir / "python"))


def test_a_local_worker_takes_order_common_from_the_layer_and_pydantic_core_from_the_venv(two_builds, tmp_path):
    # Given the layer extracted as the plane does, and a task root whose `awslambdaric` stands in for the real one
    layer_dir = extract_once(two_builds[0] / "layer-common.zip", tmp_path)
    task_root = tmp_path / "task"
    (task_root / "awslambdaric").mkdir(parents=True)
    (task_root / "awslambdaric/__init__.py").write_text("")
    (task_root / "awslambdaric/__main__.py").write_text(
        "import json, sys, order_common, pydantic_core, pydantic\n"
        "json.dump({'argv': sys.argv[1:], 'order_common': order_common.__file__,\n"
        "           'pydantic_core': pydantic_core.__file__, 'sys_path': sys.path}, sys.stdout)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update({"LAMBDA_TASK_ROOT": str(task_root), LAYER_DIRS_ENV: str(layer_dir / "python")})
    # When the worker bootstrap starts with the venv's Python (3.11)
    result = subprocess.run(
        [sys.executable, str(BOOTSTRAP), "app.handler"], env=env, cwd=task_root, capture_output=True, text=True
    )
    # Then the handler is passed on, order_common comes from the layer and the compiled packages from the venv
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["argv"] == ["app.handler"]
    assert seen["order_common"].startswith(str(layer_dir / "python"))
    assert not seen["pydantic_core"].startswith(str(layer_dir))
    assert seen["sys_path"][0] == str(task_root) and seen["sys_path"][-1] == str(layer_dir / "python")
    assert str(BOOTSTRAP.parent) not in seen["sys_path"]
