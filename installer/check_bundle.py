"""Check a finished PyInstaller build (dist/Counter) against installer/counter.spec.

    python installer/check_bundle.py dist/Counter

Every folder of the spec's RESOURCES must be in the bundle with its files (the migration trees
with their version scripts), and every module of HIDDEN_IMPORTS that the build environment has
must be inside the programs' frozen archive. Run by installer/build_deb.py on Linux and by the
Windows workflow, with the build environment's Python (it reads the archive with PyInstaller).
Exit 0 when complete; otherwise one line per missing piece.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parent / "counter.spec"


def spec_lists(spec: Path = SPEC) -> dict[str, list[str]]:
    """The spec's literal lists (RESOURCES, HIDDEN_IMPORTS, ...), read without running it."""
    lists: dict[str, list[str]] = {}
    for node in ast.parse(spec.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.isupper():
                    lists[target.id] = [ast.literal_eval(e) for e in node.value.elts]
    return lists


def frozen_modules(bundle: Path) -> set[str]:
    """Module names in the frozen archive (PYZ) of the command-line program, and the
    extension modules (.so, .pyd) beside it, which are shipped as files."""
    from PyInstaller.archive.readers import CArchiveReader

    exe = next(p for p in (bundle / "counter.exe", bundle / "counter") if p.is_file())
    archive = CArchiveReader(str(exe))
    names: set[str] = set()
    for name in archive.toc:
        if name.endswith(".pyz") or name.startswith("PYZ"):
            names |= set(archive.open_embedded_archive(name).toc)
    internal = bundle / "_internal"
    for ext in (*internal.rglob("*.so"), *internal.rglob("*.pyd")):
        dotted = ext.relative_to(internal).with_suffix("").as_posix().replace("/", ".")
        names.add(dotted.split(".cpython-")[0].split(".abi3")[0].split(".cp3")[0])
    return names


def missing(bundle: Path) -> list[str]:
    lists = spec_lists()
    internal = bundle / "_internal"
    problems = []
    for rel in lists["RESOURCES"]:
        folder = internal / rel
        if not folder.is_dir() or not any(folder.rglob("*")):
            problems.append(f"resource folder missing or empty: {rel}")
        elif rel.endswith("migrations") and not list(folder.glob("versions/0*.py")):
            problems.append(f"migration scripts missing: {rel}/versions")
    modules = frozen_modules(bundle)
    for name in lists["HIDDEN_IMPORTS"]:
        if importlib.util.find_spec(name.split(".")[0]) is None:
            continue  # not a dependency of this build (the spec skips it as well)
        if name not in modules:
            problems.append(f"module missing from the frozen archive: {name}")
    for name in lists["HIDDEN_PACKAGES"]:
        if name not in modules:
            problems.append(f"package missing from the frozen archive: {name}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems = missing(Path(argv[0]))
    for p in problems:
        print(f"check_bundle: {p}", file=sys.stderr)
    if not problems:
        print(f"check_bundle: {argv[0]} has every resource and hidden import of the spec")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
