"""Legal deadline engine (pure Python: no Qt, no database).

``compute(rule_id, start, **options)`` returns a ``DeadlineResult`` with the
last day, the legal basis and a step-by-step Dutch explanation.
"""

from dossier_app.deadlines.engine import (
    RULES,
    DeadlineResult,
    Rule,
    compute,
    dwangsom_amount,
    rule_ids,
)

__all__ = ["RULES", "DeadlineResult", "Rule", "compute", "dwangsom_amount", "rule_ids"]
