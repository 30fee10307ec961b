"""The glossary page's data: the curriculum's ``content/tu-dien.yaml``, read once.

Lessons link their terms to ``/tu-dien#<slug>`` in their stored HTML; the page itself
reads the file from the content root rather than the database, since the glossary is
not versioned content. A process reads it once and keeps it: the file changes only with
a new curriculum, and a restart of the workers then picks it up.
"""

from functools import lru_cache
from pathlib import Path

from ..content.glossary import GLOSSARY_FILE, Term, load_glossary
from ..content.problems import Problems


@lru_cache(maxsize=4)
def glossary_terms(content_root: str) -> tuple[Term, ...]:
    """The terms in Vietnamese dictionary order; none when the file is missing or broken
    (``lms content check`` reports the problems; the page then says it is empty)."""
    path = Path(content_root) / "content" / GLOSSARY_FILE
    glossary = load_glossary(path, Problems(GLOSSARY_FILE))
    return tuple(glossary.alphabetical()) if glossary is not None else ()
