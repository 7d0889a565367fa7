"""The Inputs and Outputs tables of each Terraform module's README, generated from its variables.tf/outputs.tf.

    python -m tools.tfdocs            # rewrite the tables in every terraform/modules/*/README.md
    python -m tools.tfdocs --check    # exit 1 and name the READMEs whose tables differ from the code

The tables stand between `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->`; the prose around them is the
module owner's. tests/unit/terraform/test_module_layout.py runs the check, so a variable added without its row
(or a stale description) fails the tests. `make docs` runs the generator.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[1]
MODULES_DIR = ROOT / "terraform/modules"
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def _unquote(value: Any) -> Any:
    """python-hcl2 keeps string literals quoted ('"text"') and expressions wrapped ('${expr}')."""
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == value[-1] == '"':
            return json.loads(value)
        return value
    if isinstance(value, dict):
        return {_unquote(k): _unquote(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_unquote(v) for v in value]
    return value


def _expression(value: str) -> str:
    return value[2:-1] if value.startswith("${") and value.endswith("}") else value


def hcl_literal(value: Any) -> str:
    """A default value as it would be written in HCL (one line)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return _expression(value) if value.startswith("${") else json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(hcl_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {hcl_literal(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot render {value!r}")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _blocks(path: Path, kind: str) -> list[tuple[str, dict[str, Any]]]:
    if not path.exists():
        return []
    with path.open() as handle:
        parsed = hcl2.load(handle)
    blocks = []
    for block in parsed.get(kind, []):
        ((name, body),) = block.items()
        blocks.append((str(_unquote(name)), _unquote(body)))
    return blocks


def variables(module_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    return _blocks(module_dir / "variables.tf", "variable")


def outputs(module_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    return _blocks(module_dir / "outputs.tf", "output")


def render(module_dir: Path) -> str:
    """The generated part of a module's README (between the markers, markers included)."""
    lines = [BEGIN, "## Inputs", "", "| name | type | default | description |", "|---|---|---|---|"]
    for name, body in variables(module_dir):
        kind = _cell(_expression(str(body.get("type", "any"))))
        default = f"`{_cell(hcl_literal(body['default']))}`" if "default" in body else "required"
        description = str(body.get("description", "")) + (" (sensitive)" if body.get("sensitive") is True else "")
        lines.append(f"| `{name}` | `{kind}` | {default} | {_cell(description)} |")
    lines += ["", "## Outputs", "", "| name | description |", "|---|---|"]
    for name, body in outputs(module_dir):
        lines.append(f"| `{name}` | {_cell(str(body.get('description', '')))} |")
    lines.append(END)
    return "\n".join(lines)


def updated_readme(readme: str, generated: str) -> str:
    if BEGIN not in readme or END not in readme:
        raise ValueError(f"the README has no {BEGIN} ... {END} section")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + generated + tail


def modules() -> list[Path]:
    return sorted(p for p in MODULES_DIR.iterdir() if (p / "variables.tf").exists())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the Inputs/Outputs tables of the module READMEs")
    parser.add_argument("--check", action="store_true", help="only report READMEs that are out of date")
    args = parser.parse_args(argv)
    stale = []
    for module_dir in modules():
        readme_path = module_dir / "README.md"
        readme = readme_path.read_text()
        wanted = updated_readme(readme, render(module_dir))
        if wanted != readme:
            stale.append(readme_path.relative_to(ROOT))
            if not args.check:
                readme_path.write_text(wanted)
    verb = "out of date" if args.check else "rewritten"
    for path in stale:
        print(f"tfdocs: {path} {verb}", file=sys.stderr if args.check else sys.stdout)
    if args.check and stale:
        print("tfdocs: run `make docs` to regenerate", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
