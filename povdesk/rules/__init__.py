"""Rule sets (data) and the classifier (code that reads them)."""

from __future__ import annotations

from povdesk.rules.classifier import classify, deprivations
from povdesk.rules.ruleset import Indicator, RuleBook, RuleSet, RuleSetError

__all__ = ["Indicator", "RuleBook", "RuleSet", "RuleSetError", "classify", "deprivations"]
