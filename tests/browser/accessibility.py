"""axe-core in the browser tests: `assert_accessible(page)` fails on any serious or
critical violation on the page as drawn.

axe-core (Deque Systems, MPL-2.0) comes pinned and offline from the PyPI wheel
axe-playwright-python (requirements-dev.txt; 0.1.8 ships axe 4.12.1): its axe.min.js is
read from disk and evaluated through Playwright, which the page's Content-Security-Policy
does not see (no <script> tag is added, no CDN is asked).
"""

from functools import cache
from importlib import resources

BLOCKING = ("serious", "critical")


@cache
def axe_source():
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, impacts=BLOCKING):
    """The violations of the given impacts on the current page, as axe reports them."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in impacts]


def describe(violations, where=""):
    lines = []
    for violation in violations:
        lines.append(f"{where}{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:240]}")
    return "\n".join(lines)


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "axe-core found serious or critical problems:\n" + describe(violations, f"{page.url}: ")
