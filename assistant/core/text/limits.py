"""How much of a body is read.

Bodies beyond ``MAX_CHECK_CHARS`` characters are checked on their first part
only, so a 25 MB paste stays a best-effort check instead of a hang: quote,
signature and notice are found within that part (``Content.truncated`` says
when it was cut). This is the one length limit of the core; a fix preview
(``content.body_text``) reads past it.
"""

MAX_CHECK_CHARS = 1_000_000
