"""``mlops-init new`` in a real terminal: copier asks the template's questions."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import yaml


def spawn(args: list[str], cache: Path) -> pexpect.spawn:
    env = {**os.environ, "MLOPS_INIT_CACHE_DIR": str(cache)}
    env.pop("MLOPS_INIT_TEMPLATE", None)
    return pexpect.spawn(
        "mlops-init", args, env=env, encoding="utf-8", timeout=60, dimensions=(40, 120)
    )


def test_questions_are_asked_in_a_terminal(
    tmp_path: Path, mini_template: Path, isolated_cache: Path
) -> None:
    dest = tmp_path / "p"
    child = spawn(
        ["new", str(dest), "--level", "1", "--template", str(mini_template)], isolated_cache
    )
    child.expect("project_name")
    child.sendline("\x15churn")  # Ctrl-U clears the proposed default first
    child.expect("package_name")
    child.sendline("")  # accept the default derived from the project name
    child.expect("use_tracking")  # a question only level 1 asks
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "churn" and answers["package_name"] == "churn"
    assert answers["maturity_level"] == 1  # --level answered it: not asked
    assert answers["use_tracking"] is True


def test_ctrl_c_at_a_question_leaves_nothing(
    tmp_path: Path, mini_template: Path, isolated_cache: Path
) -> None:
    dest = tmp_path / "p"
    child = spawn(["new", str(dest), "--template", str(mini_template)], isolated_cache)
    child.expect("project_name")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted" in (child.before or "")
    assert not dest.exists()


def test_invalid_answer_is_asked_again_with_the_validator_message(
    tmp_path: Path, mini_template: Path, isolated_cache: Path
) -> None:
    dest = tmp_path / "p"
    child = spawn(
        ["new", str(dest), "--level", "0", "--template", str(mini_template)], isolated_cache
    )
    child.expect("project_name")
    child.sendline("")
    child.expect("package_name")
    child.sendline("\x15Bad-Name")
    child.expect("lowercase Python identifier")
    child.sendline("\x15good_name")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (dest / "src" / "good_name" / "features.py").exists()
