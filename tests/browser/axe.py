"""axe-core in the page under test: its WCAG 2.1 A/AA violations, as lines to assert empty."""

import json
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
)


def violations(page, where):
    """Runs axe on the page as it stands; one line per violation, naming `where` and three targets.

    The source goes in through page.evaluate (the DevTools protocol), not a <script> tag: the
    site's Content-Security-Policy forbids inline script, and must stay in force for the check."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = []
    for v in page.evaluate(RUN)["violations"]:
        targets = [n["target"] for n in v["nodes"]][:3]
        found.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} {json.dumps(targets)}")
    return found
