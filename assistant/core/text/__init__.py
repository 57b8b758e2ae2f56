"""Text analysis of a draft's body, one job per module (talon style: small
extraction functions, each tested with fixtures per mail client).

- ``limits``: how much of a body is read
- ``spans``: words, line offsets and masking (offsets stay valid)
- ``split``: where quoted history begins, in plain text and in HTML
- ``signature``: the signature block of the new text
- ``notice``: the confidentiality notice, whole or altered
- ``style``: colours, fonts, backgrounds and images of the new text (HTML)
- ``dates``: when the replied-to message was sent
- ``subject``: reply and forward prefixes of a subject line

``assistant.core.content`` puts them together (``parse``); the quote detector
itself lives in ``assistant.core.quotes``.
"""
