"""Quote finding: direct, indirect and mixed quotes, each with its cue and speaker mention.

Direct quotes come from the quote-mark scanner (marks.py), so unbalanced marks and
paragraph-spanning quotes are handled on characters before any parsing. Attribution and
indirect speech come from the dependency parse: a reporting verb's subject is the speaker,
its clausal complement the content; "according to X" puts the source in a prepositional phrase.
Speaker mentions are then resolved to names within the article (speakers.py).

The rules live by family: direct.py (quoted speech and its frame), reported.py (reported
speech and the precedence of token-triggered rules), attributions.py (the wider attributions),
boundaries.py (where a content ends), postpasses.py (passes over all finds), convert.py (to
Quote); each is declared in registry.py's RULES (see its docstring to add one). find.py runs them.
"""

from .base import doc_text
from .find import find_quotes
from .registry import RULES, Rule, attribution_rules, rule_names

__all__ = ["RULES", "Rule", "attribution_rules", "doc_text", "find_quotes", "rule_names"]
