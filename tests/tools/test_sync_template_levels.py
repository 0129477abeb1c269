"""tools/sync_template_levels.py keeps the level stubs equal to templates/levels.yaml."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "sync_template_levels", REPO_ROOT / "tools" / "sync_template_levels.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sync = _load_tool()


def _level_files(templates: Path, level: int) -> set[str]:
    root = templates / f"level{level}"
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_committed_stubs_equal_what_the_tool_writes():
    assert sync.plan(TEMPLATES) == [], "run: python tools/sync_template_levels.py"
    assert sync.unlisted_shared_files(TEMPLATES) == []


def test_level_file_sets_only_grow():
    level0, level1, level2 = (_level_files(TEMPLATES, level) for level in sync.LEVELS)
    assert level0, "level 0 has no files"
    assert level0 <= level1, f"missing at level 1: {sorted(level0 - level1)}"
    assert level1 <= level2, f"missing at level 2: {sorted(level1 - level2)}"


def test_every_level_file_is_a_one_line_include_stub_without_trailing_newline():
    for level in sync.LEVELS:
        for rel in _level_files(TEMPLATES, level):
            text = (TEMPLATES / f"level{level}" / rel).read_text(encoding="utf-8")
            assert text == sync.stub_text(rel.removesuffix(".jinja")), f"level{level}/{rel}"
            assert not text.endswith("\n")


@pytest.fixture
def scratch_templates(tmp_path: Path) -> Path:
    """A copy of templates/ in sync with its manifest (others' unlisted work in progress and
    stale stubs left out), for the tool to change."""
    scratch = tmp_path / "templates"
    shutil.copytree(TEMPLATES, scratch)
    listed = {path + sync.SUFFIX for path in sync.load_manifest(scratch)}
    for path in list((scratch / sync.SHARED).rglob("*")):
        rel = path.relative_to(scratch / sync.SHARED).as_posix()
        if path.is_file() and not rel.startswith(sync.SHARED_LIBRARY) and rel not in listed:
            path.unlink()
    sync.apply(scratch, sync.plan(scratch))
    return scratch


def test_sync_writes_missing_and_removes_stale_stubs(scratch_templates: Path):
    manifest = scratch_templates / "levels.yaml"
    (scratch_templates / "shared" / "NEW.md.jinja").write_text("new\n")
    manifest.write_text(manifest.read_text() + '  "NEW.md": 1\n')
    stale = scratch_templates / "level2" / "stale" / "old.txt.jinja"
    stale.parent.mkdir(parents=True)
    stale.write_text("{% include 'templates/shared/old.txt.jinja' %}")

    assert sync.main(["--check", "--templates", str(scratch_templates)]) == 1
    assert sync.main(["--templates", str(scratch_templates)]) == 0

    assert not (scratch_templates / "level0" / "NEW.md.jinja").exists()
    for level in (1, 2):
        written = (scratch_templates / f"level{level}" / "NEW.md.jinja").read_text()
        assert written == "{% include 'templates/shared/NEW.md.jinja' %}"
    assert not stale.exists() and not stale.parent.exists()
    assert sync.main(["--check", "--templates", str(scratch_templates)]) == 0


def test_manifest_errors_name_the_entry_and_the_fix(scratch_templates: Path, capsys):
    manifest = scratch_templates / "levels.yaml"
    manifest.write_text(manifest.read_text() + '  "missing.md": 3\n')

    assert sync.main(["--check", "--templates", str(scratch_templates)]) == 2
    err = capsys.readouterr().err
    assert "The level of 'missing.md' must be one of 0, 1, 2. Got 3 instead." in err
    assert "'missing.md' has no content file shared/missing.md.jinja" in err


def test_unlisted_shared_files_are_reported_without_blocking_the_rest(
    scratch_templates: Path, capsys
):
    (scratch_templates / "shared" / "orphan.txt.jinja").write_text("x\n")
    (scratch_templates / "level1" / "README.md.jinja").unlink()

    assert sync.main(["--templates", str(scratch_templates)]) == 1
    assert "shared/orphan.txt.jinja is not in levels.yaml" in capsys.readouterr().err
    assert (scratch_templates / "level1" / "README.md.jinja").is_file()
    assert not (scratch_templates / "level0" / "orphan.txt.jinja").exists()
