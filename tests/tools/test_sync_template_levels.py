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
    changes = sync.plan(TEMPLATES)
    refused = sync.refusals(TEMPLATES, changes)
    assert refused == [], "\n".join(refused)
    assert changes == [], "run: python tools/sync_template_levels.py"
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
    # A stub the tool wrote for an entry since dropped from the manifest.
    stale = scratch_templates / "level2" / "stale" / "old.txt.jinja"
    stale.parent.mkdir(parents=True)
    stale.write_text("{% include 'templates/shared/stale/old.txt.jinja' %}")

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


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("mode", [[], ["--check"]])
def test_a_contributors_new_file_in_a_level_folder_is_never_removed(
    scratch_templates: Path, capsys, mode: list[str]
):
    """What a Copier user does: write a file straight into templates/level1/."""
    added = scratch_templates / "level1" / "docs" / "team-notes-draft.md.jinja"
    added.write_text("# Runbook\n\nRestart the service with `make serve`.\n")
    before = _tree(scratch_templates)

    assert sync.main([*mode, "--templates", str(scratch_templates)]) == 2

    assert _tree(scratch_templates) == before  # nothing removed, nothing written
    err = capsys.readouterr().err
    assert "templates/level1/docs/team-notes-draft.md.jinja is not a stub written by" in err
    assert "will not remove it" in err
    assert (
        "move its content to templates/shared/docs/team-notes-draft.md.jinja and add it to "
        "templates/levels.yaml ('\"docs/team-notes-draft.md\": 1', its first level)"
    ) in err
    assert "Nothing was changed." in err


def test_a_non_jinja_file_in_a_level_folder_is_never_removed(scratch_templates: Path, capsys):
    added = scratch_templates / "level2" / "NOTES.txt"
    added.write_bytes(b"\x00\x01 not text")

    assert sync.main(["--templates", str(scratch_templates)]) == 2

    assert added.read_bytes() == b"\x00\x01 not text"
    assert "templates/shared/NOTES.txt.jinja and add it to templates/levels.yaml" in (
        capsys.readouterr().err
    )


def test_a_hand_edited_stub_is_never_overwritten(scratch_templates: Path, capsys):
    stub = scratch_templates / "level1" / "README.md.jinja"
    edited = stub.read_text() + "\n## Our on-call rota\n"
    stub.write_text(edited)
    (scratch_templates / "level0" / "Makefile.jinja").unlink()  # a stub the tool may write
    before = _tree(scratch_templates)

    assert sync.main(["--templates", str(scratch_templates)]) == 2

    assert _tree(scratch_templates) == before  # all or nothing: the missing stub waits too
    err = capsys.readouterr().err
    assert "templates/level1/README.md.jinja is not a stub written by" in err
    assert "will not overwrite it" in err
    assert "move its content to templates/shared/README.md.jinja (already listed in" in err
    assert "{% if maturity_level >= 1 %}" in err

    stub.unlink()  # the contributor follows the advice
    assert sync.main(["--templates", str(scratch_templates)]) == 0
    assert stub.read_text() == sync.stub_text("README.md")
    assert (scratch_templates / "level0" / "Makefile.jinja").is_file()


def test_apply_refuses_before_changing_anything(scratch_templates: Path):
    """The library call is as safe as the command: no partial sync."""
    added = scratch_templates / "level0" / "mine.py"
    added.write_text("print('mine')\n")
    changes = sync.plan(scratch_templates)
    assert [str(c) for c in changes] == ["remove: level0/mine.py"]

    with pytest.raises(sync.RefusedChange, match=r"level0/mine\.py is not a stub"):
        sync.apply(scratch_templates, changes)
    assert added.read_text() == "print('mine')\n"


def test_a_stub_left_by_a_dropped_entry_is_still_removed(scratch_templates: Path):
    manifest = scratch_templates / "levels.yaml"
    text = manifest.read_text()
    assert "  tests/test_orchestration.py: 2\n" in text
    manifest.write_text(text.replace("  tests/test_orchestration.py: 2\n", ""))
    (scratch_templates / "shared" / "tests" / "test_orchestration.py.jinja").unlink()

    assert sync.main(["--templates", str(scratch_templates)]) == 0
    assert not (scratch_templates / "level2" / "tests" / "test_orchestration.py.jinja").exists()
