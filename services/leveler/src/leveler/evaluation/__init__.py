"""Offline evaluation of the leveling engine on the labelled requisition set.

`python -m leveler.evaluation` levels every labelled requisition in
services/leveler/evaluation/{dev,test}.jsonl against the seed catalogue and reports
exact-level, within-one and profile accuracy, review precision and recall for
out-of-catalogue postings, and confusion matrices (docs/evaluation.md and .json).
"""

from leveler.evaluation.dataset import Example, load_examples
from leveler.evaluation.metrics import evaluate

__all__ = ["Example", "evaluate", "load_examples"]
