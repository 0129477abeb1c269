"""Python source through :mod:`ast`: imports, resolved calls, decorators, definitions, routes
and comparisons of a candidate model's metric with the current one's.

The code is parsed, never imported or run. Comments and strings are not code, so they never
become facts. Names are resolved through the module's imports: after ``from azureml.core import
Model``, ``Model.register(...)`` is ``azureml.core.Model.register``; after ``import mlflow as
mf``, ``mf.register_model(...)`` is ``mlflow.register_model``.
"""

from __future__ import annotations

import ast
import re

from generator.scan.facts import Fact

QUOTE_CHARS = 120

# A side of a comparison that names the model in service, and one that names a metric.
_CURRENT = re.compile(
    r"(?i)prod(uction)?|champion|current|deployed|registered|existing|previous|old|best_model|"
    r"baseline_model|blessed|latest_model|live"
)
_METRIC = re.compile(
    r"(?i)metric|score|acc(uracy)?|auc|f1|rmse|mse|mae|loss|precision|recall|r2|error|lwlrap"
)
_ROUTE = re.compile(r"^/[\w/{}.-]*$")
_SCHEDULE_KEYWORDS = {"schedule", "schedule_interval", "cron", "cron_schedule", "cron_expression"}
_HTTP_METHODS = {"get", "post", "put", "route", "api_route", "websocket"}


def python_facts(
    text: str, path: str, context: str, local_modules: frozenset[str], line_offset: int = 0
) -> list[Fact] | None:
    """The facts of one Python source, or None when it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = text.splitlines()
    return _Visitor(path, context, lines, local_modules, line_offset).run(tree)


class _Visitor(ast.NodeVisitor):
    def __init__(
        self,
        path: str,
        context: str,
        lines: list[str],
        local_modules: frozenset[str],
        line_offset: int,
    ) -> None:
        self.path = path
        self.context = context
        self.lines = lines
        self.local = local_modules
        self.offset = line_offset
        self.aliases: dict[str, str] = {}
        self.local_names: set[str] = set()  # names bound by imports of the project's own code
        self.facts: list[Fact] = []

    def run(self, tree: ast.AST) -> list[Fact]:
        # Imports first, wherever they are, so every name resolves.
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bound = (alias.asname or alias.name).split(".")[0]
                    self.aliases[bound] = alias.name if alias.asname else alias.name.split(".")[0]
                    if self._import(alias.name, node):
                        self.local_names.add(bound)
            elif isinstance(node, ast.ImportFrom):
                base = ("." * node.level) + (node.module or "")
                for alias in node.names:
                    full = f"{base}.{alias.name}" if node.module else f"{base}{alias.name}"
                    self.aliases[alias.asname or alias.name] = full.lstrip(".")
                    if self._import(full, node, module=base):
                        self.local_names.add(alias.asname or alias.name)
        self.visit(tree)
        if self.context == "test" and self.local_names:
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    node.name.startswith("test")
                ):
                    self._tested(node)
        return self.facts

    # -- what a test checks
    def _tested(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """``py.tested`` facts: the project's own modules whose results the test's assertions
        check (``assert``, ``self.assertEqual(...)``, ``np.testing.assert_allclose(...)``),
        followed through the test's assignments. A module used only to build the input of
        another module's call (feature names passed to a model builder) is not what is
        tested: the call of the project's own code that produces the checked value is."""
        assigned: dict[str, list[ast.AST]] = {}
        checked: list[ast.AST] = []
        for node in ast.walk(func):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and node.value is not None:
                            assigned.setdefault(name.id, []).append(node.value)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        assigned.setdefault(item.optional_vars.id, []).append(item.context_expr)
            elif isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
                assigned.setdefault(node.target.id, []).append(node.iter)
            elif isinstance(node, ast.Assert):
                checked.append(node.test)
            elif isinstance(node, ast.Call):
                name = self.dotted(node.func) or ""
                if "assert" in name.rsplit(".", 1)[-1].lower():
                    checked.extend([*node.args, *(k.value for k in node.keywords)])
        subjects: dict[str, ast.AST] = {}
        followed: set[str] = set()

        def produce(expr: ast.AST, where: ast.AST) -> None:
            if isinstance(expr, ast.Call):
                base = _base_name(expr.func)
                if base is not None and base in self.local_names:
                    subjects.setdefault(self.aliases.get(base, base), where)
                    return
                if base is not None:
                    produce(ast.Name(id=base), where)
                for arg in [*expr.args, *(k.value for k in expr.keywords)]:
                    produce(arg, where)
            elif isinstance(expr, ast.Name):
                if expr.id in self.local_names:
                    subjects.setdefault(self.aliases.get(expr.id, expr.id), where)
                elif expr.id in assigned and expr.id not in followed:
                    followed.add(expr.id)
                    for value in assigned[expr.id]:
                        produce(value, where)
            else:
                for child in ast.iter_child_nodes(expr):
                    produce(child, where)

        for expr in checked:
            produce(expr, expr)
        for module, where in subjects.items():
            self._add("py.tested", module, where)

    # -- helpers
    def _add(self, kind: str, value: str, node: ast.AST) -> None:
        line = getattr(node, "lineno", None)
        quote = None
        if line is not None and 0 < line <= len(self.lines):
            quote = self.lines[line - 1].strip()
            if len(quote) > QUOTE_CHARS:
                quote = quote[: QUOTE_CHARS - 3] + "..."
        shown = line + self.offset if line is not None else None
        self.facts.append(Fact(kind, value, self.path, shown, quote, self.context))

    def _import(self, name: str, node: ast.AST, module: str | None = None) -> bool:
        clean = name.lstrip(".")
        self._add("py.import", clean, node)
        top = clean.split(".")[0]
        relative = name.startswith(".") or (module or "").startswith(".")
        parts = clean.split(".")
        # "pkg.examples.demo.demo_utils" is local when demo/demo_utils.py is listed
        suffix = "/".join(parts[-2:]) if len(parts) >= 2 else None
        if relative or top in self.local or (suffix is not None and suffix in self.local):
            self._add("py.local-import", clean, node)
            return True
        return False

    def dotted(self, node: ast.AST) -> str | None:
        """``a.b.c`` of a Name/Attribute chain (calls in the chain keep their name), resolved."""
        parts: list[str] = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Call):
                node = node.func
            elif isinstance(node, ast.Subscript):
                node = node.value
            elif isinstance(node, ast.Name):
                parts.append(self.aliases.get(node.id, node.id))
                break
            else:
                return ".".join(reversed(parts)) if parts else None
        return ".".join(reversed(parts))

    # -- visitors
    def visit_Call(self, node: ast.Call) -> None:
        name = self.dotted(node.func)
        if name:
            self._add("py.call", name, node)
            keywords = [k.arg for k in node.keywords if k.arg]
            if keywords:
                self._add("py.call-kw", f"{name}({','.join(keywords)})", node)
            for keyword in node.keywords:
                if keyword.arg in _SCHEDULE_KEYWORDS and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value in (None, "")
                ):
                    self._add("schedule", name, node)
        self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._add("py.def", node.name, node)
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = self.dotted(target)
            if name:
                self._add("py.decorator", name, decorator)
            if isinstance(decorator, ast.Call) and name:
                method = name.rsplit(".", 1)[-1]
                if method in _HTTP_METHODS and decorator.args:
                    first = decorator.args[0]
                    if (
                        isinstance(first, ast.Constant)
                        and isinstance(first.value, str)
                        and _ROUTE.match(first.value)
                    ):
                        self._add("py.route", first.value, decorator)
        self.generic_visit(node)

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._add("py.def", node.name, node)
        for base in node.bases:
            name = self.dotted(base)
            if name:
                self._add("py.class", name, node)
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = self.dotted(target)
            if name:
                self._add("py.decorator", name, decorator)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        if any(isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)) for op in node.ops):
            sides = [node.left, *node.comparators]
            texts = [_names(side) for side in sides]
            current = [bool(_CURRENT.search(t)) for t in texts]
            metric = [bool(_METRIC.search(t)) for t in texts]
            # One side is the current model's metric, another is not (the candidate's).
            if any(c and m for c, m in zip(current, metric, strict=True)) and not all(current):
                self._add("py.compare", ast.unparse(node)[:QUOTE_CHARS], node)
        self.generic_visit(node)


def _base_name(node: ast.AST) -> str | None:
    """The name a call chain starts from: ``build(x).fit(y).transform`` -> ``build``."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _names(node: ast.AST) -> str:
    """The identifiers and string keys of an expression, joined (comments never reach here)."""
    out = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.append(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.append(sub.value)
        elif isinstance(sub, ast.keyword) and sub.arg:
            out.append(sub.arg)
    return " ".join(out)
