"""Accessibility checks with axe-core (from npm, ``scripts/ensure-axe.sh``) injected by Playwright.

``check(page)`` runs axe's rules on labels, contrast and landmarks over the open page and
fails on any serious or critical violation. Without axe-core the check is skipped, except under
CI=true, where it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# what the issue asks for: form labels and names, colour contrast, page landmarks
RULES = [
    "label", "select-name", "button-name", "link-name", "input-button-name", "aria-input-field-name",
    "svg-img-alt", "image-alt", "color-contrast", "landmark-one-main", "landmark-unique",
    "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo", "landmark-main-is-top-level",
    "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level", "region", "bypass", "document-title",
    "html-has-lang", "th-has-data-cells", "td-headers-attr",
]
SERIOUS = {"serious", "critical"}


def available() -> bool:
    if AXE.exists():
        return True
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"axe-core not found at {AXE} (run scripts/ensure-axe.sh; CI=true: the checks must run)")
    return False


def check(page, name: str) -> list[dict]:
    """The serious and critical violations on ``page`` (asserted empty by the caller)."""
    if not AXE.exists():
        return []
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))  # the context bypasses the site's CSP for this
    found = page.evaluate(
        """async (rules) => {
            const r = await axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""", RULES)
    return [dict(v, page=name) for v in found if v["impact"] in SERIOUS]
