"""Question statistics for trainers: stored per-question results and their aggregates.

``outcomes`` turns a graded attempt into one row per question (pure: the question-type
registry says which answer was chosen); ``record`` writes them in the attempt's
transaction; ``stats`` counts them through indexes for the studio's pages. Aggregates
only: nothing here returns who answered.
"""

from .outcomes import outcome_rows
from .record import rebuild_tallies, record_outcomes
from .stats import (
    FLAG_BELOW,
    QuestionStats,
    QuizLine,
    RevisionStats,
    quiz_lines,
    revision_stats,
)

__all__ = [
    "FLAG_BELOW",
    "QuestionStats",
    "QuizLine",
    "RevisionStats",
    "outcome_rows",
    "quiz_lines",
    "rebuild_tallies",
    "record_outcomes",
    "revision_stats",
]
