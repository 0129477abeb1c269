"""Template source: the bundled template materialised as a tagged git repo, and overrides."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.errors import ScaffoldError
from generator.scaffold import source
from generator.scaffold.source import (
    cache_dir,
    materialise,
    resolve_template,
    template_files,
)
from scaffold.scaffold_helpers import git, make_mini_template_repo, write_mini_template


def _tags(repo: Path) -> list[str]:
    return git(repo, "tag", "--list").split()


def _commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def test_materialise_makes_a_tagged_repo_with_the_template(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    tag = materialise(root, repo, "1.2.3")
    assert tag == "v1.2.3"
    assert _tags(repo) == ["v1.2.3"]
    # The tagged tree holds exactly the bundled files, and the work tree is clean.
    listed = git(repo, "ls-tree", "-r", "--name-only", tag).split("\n")
    assert [f for f in listed if f] == template_files(root)
    assert git(repo, "status", "--porcelain") == ""
    assert (repo / "templates/level1/configs/pipeline.yaml").read_text() == (
        root / "templates/level1/configs/pipeline.yaml"
    ).read_text()


def test_materialise_is_idempotent_and_reuses_the_tag(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    first = materialise(root, repo, "0.1.0")
    head = git(repo, "rev-parse", "HEAD")
    assert materialise(root, repo, "0.1.0") == first
    assert git(repo, "rev-parse", "HEAD") == head
    assert _commits(repo) == 1


def test_changed_content_under_the_same_version_gets_a_later_post_tag(tmp_path: Path) -> None:
    from packaging.version import Version

    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    readme = root / "templates/level0/README.md.jinja"
    assert materialise(root, repo, "0.1.0") == "v0.1.0"
    readme.write_text(readme.read_text() + "\nEdited in a checkout.\n")
    assert materialise(root, repo, "0.1.0") == "v0.1.0.post1"
    readme.write_text(readme.read_text() + "\nEdited again.\n")
    assert materialise(root, repo, "0.1.0") == "v0.1.0.post2"
    # Copier orders tags by PEP 440: newer content is never a downgrade.
    assert Version("v0.1.0") < Version("v0.1.0.post1") < Version("v0.1.0.post2")
    # Going back to an earlier content reuses its tag instead of making a new one.
    write_mini_template(root)
    assert materialise(root, repo, "0.1.0") == "v0.1.0"
    assert _commits(repo) == 3


def test_caches_of_tools_are_not_part_of_the_template(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    tag = materialise(root, repo, "0.1.0")
    junk = root / "templates/level0/__pycache__/x.cpython-311.pyc"
    junk.parent.mkdir()
    junk.write_bytes(b"junk")
    assert materialise(root, repo, "0.1.0") == tag
    assert "__pycache__" not in git(repo, "ls-tree", "-r", "--name-only", tag)


def test_a_broken_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    repo.mkdir(parents=True)
    (repo / "leftover.txt").write_text("not a repository")
    assert materialise(root, repo, "0.1.0") == "v0.1.0"
    aside = [p for p in repo.parent.iterdir() if p.name.startswith("template.broken-")]
    assert len(aside) == 1 and (aside[0] / "leftover.txt").exists()


def _materialise_in_child(args: tuple[str, str]) -> str:
    return materialise(Path(args[0]), Path(args[1]), "0.1.0")


def test_concurrent_materialisations_agree_and_leave_one_commit(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    with ProcessPoolExecutor(max_workers=4) as pool:
        tags = list(pool.map(_materialise_in_child, [(str(root), str(repo))] * 8))
    assert set(tags) == {"v0.1.0"}
    assert _commits(repo) == 1
    assert git(repo, "fsck", "--no-progress") == ""
    leftovers = [p.name for p in repo.parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_concurrent_updates_of_an_existing_cache_add_one_tag(tmp_path: Path) -> None:
    root = write_mini_template(tmp_path / "bundled")
    repo = tmp_path / "cache" / "template"
    materialise(root, repo, "0.1.0")
    readme = root / "templates/level0/README.md.jinja"
    readme.write_text(readme.read_text() + "Changed.\n")
    with ProcessPoolExecutor(max_workers=4) as pool:
        tags = list(pool.map(_materialise_in_child, [(str(root), str(repo))] * 8))
    assert set(tags) == {"v0.1.0.post1"}
    assert sorted(_tags(repo)) == ["v0.1.0", "v0.1.0.post1"]
    assert _commits(repo) == 2
    assert git(repo, "status", "--porcelain") == ""


def test_cache_dir_honours_env_and_xdg(tmp_path: Path) -> None:
    assert cache_dir({"MLOPS_INIT_CACHE_DIR": str(tmp_path / "c")}) == tmp_path / "c"
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path / "x")}) == tmp_path / "x" / "mlops-init"
    assert cache_dir({}) == Path.home().resolve() / ".cache" / "mlops-init"


def test_bundled_source_is_an_absolute_tagged_cache_repo(isolated_cache: Path) -> None:
    src = resolve_template(None)
    assert src.origin == "bundled"
    assert Path(src.url) == isolated_cache / "template"
    assert Path(src.url).is_absolute()
    assert src.ref in _tags(Path(src.url))


def test_option_beats_env_beats_bundled(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_mini_template_repo(tmp_path / "other")
    monkeypatch.setenv("MLOPS_INIT_TEMPLATE", str(other))
    assert resolve_template(None).url == str(other.resolve())
    assert resolve_template(None).origin == "env"
    chosen = resolve_template(str(mini_template))
    assert (chosen.url, chosen.origin, chosen.ref) == (str(mini_template.resolve()), "option", None)


def test_relative_template_path_becomes_absolute(
    mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini_template.parent)
    assert resolve_template(mini_template.name).url == str(mini_template.resolve())


def test_remote_urls_pass_through() -> None:
    url = "https://example.invalid/org/template.git"
    assert resolve_template(url).url == url


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "does not exist"),
        ("plain-folder", "is not the root of a git repository"),
        ("untagged", "has no version tag"),
    ],
)
def test_user_template_must_be_a_tagged_git_repo(tmp_path: Path, kind: str, message: str) -> None:
    path = tmp_path / "tpl"
    if kind != "missing":
        write_mini_template(path)
    if kind == "untagged":
        git(path, "init", "-q")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", "t")
    with pytest.raises(ScaffoldError, match=message) as info:
        resolve_template(str(path))
    assert "--template" in info.value.message


def test_checkout_edits_are_materialised_not_read_from_the_checkout_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A "checkout" whose template has an uncommitted edit: the cache must hold the edit
    # under a real tag, and never point at the checkout's own repository.
    checkout = make_mini_template_repo(tmp_path / "checkout")
    readme = checkout / "templates/level0/README.md.jinja"
    readme.write_text(readme.read_text() + "Uncommitted edit.\n")
    monkeypatch.setattr(source, "template_root", lambda: checkout)
    src = resolve_template(None)
    assert Path(src.url) != checkout
    shown = git(Path(src.url), "show", f"{src.ref}:templates/level0/README.md.jinja")
    assert "Uncommitted edit." in shown


def test_git_is_reported_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_template(tmp_path / "bundled")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ScaffoldError, match="git is not installed"):
        materialise(root, tmp_path / "cache" / "template", "0.1.0")


def test_unwritable_cache_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(ScaffoldError, match="Could not prepare the template") as info:
        resolve_template(None)
    assert "MLOPS_INIT_CACHE_DIR" in (info.value.hint or "")
