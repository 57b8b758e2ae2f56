"""Command-line adapters: parse options, call one use case (assistant.app), render.

``assistant/cli.py`` loads each module only when its command runs.
"""
