"""The house in layers (README "Layers"): an app imports only apps below it, never a sibling
or a higher one, and no two apps import each other.

Every import is read with `ast` (module level and inside functions alike) from each app's
Python files outside migrations/ and tests, and every `{% load %}` in the app's templates is
matched to the app whose templatetags/ define that library. Run this file as a script
(`python tests/test_layers.py`) to print every edge that breaks the order.
"""

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps on the same level are siblings: they must not import each other.
LAYERS = [
    ["tuban_ikm"],
    ["accounts"],
    ["registry"],
    ["organizations"],
    ["catalogue", "aid", "reporting"],
    ["messaging"],
    ["dashboard"],
    ["demo"],
    ["project"],
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# Modules of the tuban_ikm package that are the project itself (settings, URL conf, the home
# page), above every app, rather than the base package every app builds on.
PROJECT_MODULES = {
    "tuban_ikm.settings",
    "tuban_ikm.settings_test",
    "tuban_ikm.urls",
    "tuban_ikm.home",
    "tuban_ikm.wsgi",
    "tuban_ikm.asgi",
}

# Temporary exceptions, each with its reason; the list should only shrink.
# registry/importing.py and registry/resources.py still hold the membership (and aid) sheets;
# the import-engine split moves those sheets out with a registration API (issue 17).
KNOWN_EXCEPTIONS = set()

APPS = [app for app in LEVEL if app != "project" and (ROOT / app).is_dir()]


def app_of_module(module):
    """The app (or "project") a dotted module name belongs to, or None outside the apps."""
    if module in PROJECT_MODULES or any(module.startswith(m + ".") for m in PROJECT_MODULES):
        return "project"
    top = module.split(".")[0]
    return top if top in APPS else None


def _python_files(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
            continue
        yield path


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """(line, imported module) for every import statement in the file, functions included."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield node.lineno, target
            # `from registry import services` names a module too.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _template_libraries():
    """Template tag library name -> app that defines it."""
    libraries = {}
    for app in APPS:
        for path in (ROOT / app).glob("templatetags/*.py"):
            if path.name != "__init__.py":
                libraries[path.stem] = app
    return libraries


LOAD = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")


def _template_owner(path):
    parts = path.relative_to(ROOT).parts
    if parts[0] == "templates":
        return parts[1] if len(parts) > 2 and parts[1] in APPS else "project"
    return parts[0] if parts[0] in APPS else None


def _template_loads():
    libraries = _template_libraries()
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in APPS]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            owner = _template_owner(path)
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in LOAD.finditer(line):
                    words = match.group(1).split()
                    # `{% load a b %}` or `{% load name from library %}`
                    names = [words[words.index("from") + 1]] if "from" in words else words
                    for name in names:
                        if name in libraries:
                            yield owner, path, lineno, f"{{% load {name} %}}", libraries[name]


def edges():
    """Every cross-app dependency: (from_app, to_app, "file:line", what)."""
    found = []
    for app in APPS:
        for path in _python_files(app):
            module = _module_name(path)
            source = app_of_module(module)
            if source is None:
                continue
            seen = set()
            for lineno, target in _imports(path):
                target_app = app_of_module(target)
                if target_app is None or target_app == source:
                    continue
                key = (lineno, target_app)
                if key in seen:
                    continue
                seen.add(key)
                found.append((source, target_app, f"{path.relative_to(ROOT)}:{lineno}", module, target))
    for owner, path, lineno, what, target_app in _template_loads():
        if owner and owner != target_app:
            found.append((owner, target_app, f"{path.relative_to(ROOT)}:{lineno}", None, what))
    return found


def violations(known=KNOWN_EXCEPTIONS):
    """Edges that go up or sideways, without the listed temporary exceptions."""
    bad = []
    for source, target, where, module, what in edges():
        if LEVEL[target] >= LEVEL[source]:
            if module in known:
                continue
            bad.append((source, target, where, what))
    return bad


def mutual_pairs(known=KNOWN_EXCEPTIONS):
    """Pairs of apps that import each other (directly)."""
    pairs = defaultdict(set)
    for source, target, _, module, _ in edges():
        if module in known:
            continue
        pairs[source].add(target)
    return sorted({tuple(sorted((a, b))) for a in pairs for b in pairs[a] if a in pairs.get(b, ())})


def loop_pairs(known=KNOWN_EXCEPTIONS):
    """Pairs of apps that reach each other through imports (the same loop)."""
    graph = defaultdict(set)
    for source, target, _, module, _ in edges():
        if module not in known:
            graph[source].add(target)

    def reach(start):
        seen, stack = set(), [start]
        while stack:
            for nxt in graph[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    reachable = {app: reach(app) for app in list(graph)}
    nodes = sorted(reachable)
    return [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :] if b in reachable[a] and a in reachable[b]]


def _describe(bad):
    return "\n".join(f"  {source} -> {target}: {where} {what}" for source, target, where, what in bad)


def test_every_app_has_a_layer():
    for path in ROOT.iterdir():
        if (path / "apps.py").exists():
            assert path.name in LEVEL, f"{path.name} is an app without a layer in tests/test_layers.py"


def test_no_app_imports_a_higher_app_or_a_sibling():
    bad = violations()
    assert not bad, "Imports that break the layers (README 'Layers'):\n" + _describe(bad)


def test_no_two_apps_import_each_other():
    assert mutual_pairs() == []
    assert loop_pairs() == []


def test_the_walk_sees_imports_inside_functions_and_template_loads():
    # The walk must not go blind: these edges exist and lie downwards.
    found = {(source, target) for source, target, *_ in edges()}
    assert ("registry", "tuban_ikm") in found
    assert ("dashboard", "registry") in found
    assert any(what.startswith("{% load") for *_, what in edges())


def test_known_exceptions_still_exist():
    # An exception whose file is gone (or clean) must leave the list.
    for module in KNOWN_EXCEPTIONS:
        path = ROOT / (module.replace(".", "/") + ".py")
        if not path.exists():
            continue
        assert any(m == module and LEVEL[t] >= LEVEL[s] for s, t, _, m, _ in edges()), (
            f"{module} no longer breaks the layers: remove it from KNOWN_EXCEPTIONS"
        )


if __name__ == "__main__":
    known = set() if "--all" in sys.argv else KNOWN_EXCEPTIONS
    bad = violations(known)
    print(f"{len(bad)} upward or sideways imports:")
    print(_describe(bad))
    mutual = mutual_pairs(known)
    print(f"{len(mutual)} pairs of apps import each other directly: {mutual}")
    loops = loop_pairs(known)
    print(f"{len(loops)} pairs of apps in an import loop: {loops}")
