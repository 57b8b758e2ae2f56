"""Grammar and spelling through a local LanguageTool server (language-tool-python).

``GrammarChecker(url).check(text)`` returns ``Hint``s for a plain string;
``server.LanguageToolServer`` finds the Maven-fetched jars and runs the server.
"""

from assistant.grammar.checker import CITATION, GrammarChecker, GrammarUnavailable, split_paragraphs

__all__ = ["CITATION", "GrammarChecker", "GrammarUnavailable", "split_paragraphs"]
