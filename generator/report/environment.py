"""The Jinja environment of the report templates (``generator/report/templates``).

HTML templates (``*.html.j2``) are autoescaped, so any text from an answers file or a scanned
repository renders inert; Markdown templates escape explicitly with the ``md``/``cell`` filters.
Undefined variables are errors (StrictUndefined): a template typo fails the tests instead of
printing an empty string into a client's report.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.report import formatting


def is_web_url(url: object) -> bool:
    """Only http(s) URLs become links (a result file could carry ``javascript:`` URLs)."""
    return isinstance(url, str) and url.lower().startswith(("https://", "http://"))


@functools.cache
def environment() -> Environment:
    """The shared, cached environment (templates compile once per process)."""
    env = Environment(
        loader=PackageLoader("generator.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=formatting.number,
        compact=formatting.compact,
        signed=formatting.signed,
        percent=formatting.percent,
        points=formatting.points,
        status_label=formatting.status_label,
        origin_label=formatting.origin_label,
        md=formatting.md_text,
        cell=formatting.md_cell,
        code=formatting.md_code,
        bar=formatting.text_bar,
        md_url=formatting.md_url,
        slug=formatting.slug,
    )
    env.tests["web_url"] = is_web_url
    env.filters["is_web_url"] = is_web_url
    return env


def render(template: str, **variables: object) -> str:
    """Render one template of ``generator/report/templates`` with ``variables``."""
    return environment().get_template(template).render(**variables)
