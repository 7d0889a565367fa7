"""Every Terraform module has the same shape, typed and described inputs, and a README that matches its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import tfdocs

MODULES = tfdocs.modules()
REQUIRED_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "iam.tf", "README.md")

#: Inputs that are free text or free-form maps by nature: no validation could say more than their type.
FREE_FORM = {"description", "tags", "environment_variables", "provider_api_key"}


def test_there_are_modules_to_check() -> None:
    assert len(MODULES) >= 9, [m.name for m in MODULES]


@pytest.mark.parametrize("module_dir", MODULES, ids=lambda p: p.name)
def test_module_has_the_standard_files_and_a_terraform_test(module_dir: Path) -> None:
    missing = [name for name in REQUIRED_FILES if not (module_dir / name).is_file()]
    assert not missing, f"{module_dir.name} lacks {missing}"
    assert list((module_dir / "tests").glob("*.tftest.hcl")), f"{module_dir.name} has no tests/*.tftest.hcl"


@pytest.mark.parametrize("module_dir", MODULES, ids=lambda p: p.name)
def test_every_variable_is_typed_described_and_validated(module_dir: Path) -> None:
    problems = []
    for name, body in tfdocs.variables(module_dir):
        for key in ("description", "type"):
            if not body.get(key):
                problems.append(f"{name}: no {key}")
        kind = str(body.get("type", ""))
        if "validation" not in body and kind != "bool" and name not in FREE_FORM:
            problems.append(f"{name}: no validation block")
    assert not problems, f"{module_dir.name}: {problems}"


@pytest.mark.parametrize("module_dir", MODULES, ids=lambda p: p.name)
def test_every_output_is_described(module_dir: Path) -> None:
    undocumented = [name for name, body in tfdocs.outputs(module_dir) if not body.get("description")]
    assert not undocumented, f"{module_dir.name}: outputs without description {undocumented}"


@pytest.mark.parametrize("module_dir", MODULES, ids=lambda p: p.name)
def test_readme_inputs_and_outputs_match_the_code(module_dir: Path) -> None:
    readme = (module_dir / "README.md").read_text()
    assert tfdocs.updated_readme(readme, tfdocs.render(module_dir)) == readme, (
        f"{module_dir.name}/README.md is out of date: run `make docs`"
    )


def test_the_readme_check_notices_a_missing_variable_row(tmp_path: Path) -> None:
    # Given a module whose variables.tf gained a variable the README does not list
    module_dir = tmp_path / "m"
    module_dir.mkdir()
    (module_dir / "variables.tf").write_text('variable "a" {\n  description = "A."\n  type = string\n}\n')
    (module_dir / "outputs.tf").write_text('output "x" {\n  description = "X."\n  value = 1\n}\n')
    readme = "# m\n\n" + tfdocs.render(module_dir) + "\n"
    (module_dir / "variables.tf").write_text(
        (module_dir / "variables.tf").read_text() + 'variable "b" {\n  description = "B."\n  type = number\n}\n'
    )
    # When the README is checked against the code, Then it is stale and the new row is what's missing
    wanted = tfdocs.updated_readme(readme, tfdocs.render(module_dir))
    assert wanted != readme
    assert "| `b` | `number` | required | B. |" in wanted


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (None, "null"),
        (True, "true"),
        (7, "7"),
        ("v1", '"v1"'),
        ([], "[]"),
        (["python3.12"], '["python3.12"]'),
        ({"rate_limit": 100, "burst_limit": 200}, "{ rate_limit = 100, burst_limit = 200 }"),
        ("${var.x}", "var.x"),
    ],
)
def test_defaults_are_rendered_as_hcl(value: object, literal: str) -> None:
    assert tfdocs.hcl_literal(value) == literal
