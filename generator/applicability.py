"""Skip logic: whether a practice applies, given the answers chosen so far. One home for the
rule, used by scoring and by the interview.

A practice with ``applies_if`` does not apply when the practice it names was answered with an
option outside ``any_of``, or when that practice itself does not apply. An unanswered
controlling practice rules nothing out: skipping on a guess would hide a question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.bank import Bank, Practice


@dataclass(frozen=True)
class SkipCause:
    """The answer that makes a practice not applicable: the controlling practice and option."""

    controller: Practice
    option: str

    def describe(self) -> str:
        """``you answered "No deployment" to "How is the model served?"``."""
        chosen = self.controller.option(self.option)
        label = chosen.label if chosen is not None else self.option
        return f'you answered "{label}" to "{self.controller.text}"'


def skip_cause(
    bank: Bank,
    practice: Practice,
    chosen: Callable[[str], str | None],
    _seen: frozenset[str] = frozenset(),
) -> SkipCause | None:
    """Why ``practice`` does not apply, or None when it does (or cannot be ruled out yet).

    ``chosen(practice_id)`` gives the option chosen for a practice, or None when unanswered.
    Cycles in ``applies_if`` rule nothing out.
    """
    rule = practice.applies_if
    if rule is None or practice.id in _seen:
        return None
    controller = bank.practice(rule.practice)
    if controller is None:
        return None
    upstream = skip_cause(bank, controller, chosen, _seen | {practice.id})
    if upstream is not None:
        return upstream
    answer = chosen(controller.id)
    if answer is None or answer in rule.any_of:
        return None
    return SkipCause(controller, answer)
