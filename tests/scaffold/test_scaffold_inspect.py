"""What an upgrade changed: added files, conflicts (unmerged or marked), rejects, components."""

from __future__ import annotations

from pathlib import Path

from generator.scaffold.inspect import added_components, collect_changes, tracked_files
from scaffold.scaffold_helpers import git


def _repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_changes_are_sorted_into_kinds(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r", {"a.py": "a\n", "b.py": "b\n", "c.py": "c\n"})
    (repo / "a.py").write_text("a changed\n")
    (repo / "b.py").write_text("<<<<<<< before updating\nb\n=======\nB\n>>>>>>> after updating\n")
    (repo / "c.py").unlink()
    (repo / "new" / "d.py").parent.mkdir()
    (repo / "new" / "d.py").write_text("d\n")
    (repo / "a.py.rej").write_text("@@ hunk\n")
    changes = collect_changes(repo)
    assert changes.modified == ["a.py", "b.py"]
    assert changes.added == ["a.py.rej", "new/d.py"]
    assert changes.deleted == ["c.py"]
    assert changes.conflicts == ["b.py"]
    assert changes.rejects == ["a.py.rej"]


def test_project_in_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "mono", {"other/x.txt": "x\n", "proj/a.py": "a\n"})
    (repo / "proj" / "b.py").write_text("b\n")
    (repo / "other" / "y.txt").write_text("not the project's\n")
    changes = collect_changes(repo / "proj")
    assert changes.added == ["b.py"]
    assert tracked_files(repo / "proj") == ["a.py"]


def test_components_count_only_when_new() -> None:
    found = added_components(
        before=["src/pkg/api.py"],
        added=["src/pkg/pipeline/train.py", "configs/pipeline.yaml", "src/pkg/prediction_log.py"],
    )
    ids = [c.id for c in found]
    assert "pipeline" in ids
    # monitored-serving already had a file (api.py) before the raise: not "added".
    assert "monitored-serving" not in ids
    pipeline = next(c for c in found if c.id == "pipeline")
    assert set(pipeline.files) == {"src/pkg/pipeline/train.py", "configs/pipeline.yaml"}
