"""Scaffolding with Copier: create a project at a maturity level, raise it later.

- :mod:`generator.scaffold.source`: where the template comes from (kept updatable);
- :mod:`generator.scaffold.project`: ``new_project``;
- :mod:`generator.scaffold.upgrade`: ``upgrade_project``;
- :mod:`generator.scaffold.adopt`: ``adopt_project`` (an existing repository under the template);
- :mod:`generator.scaffold.inspect`: what an upgrade changed.

Copier is imported inside functions only, so importing this package stays cheap.
"""
