"""Mt. Diablo USD email assistant: BP 1114 checks, fixes and Exchange drafts."""

__version__ = "0.1.0"
