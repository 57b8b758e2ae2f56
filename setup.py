"""Only what pyproject.toml cannot say: ship the top-level ``ui/`` folder inside
the package as ``assistant/ui`` (the pages the server and the window show).

Everything else (metadata, dependencies, package data) is in pyproject.toml.
``ui/`` stays a real top-level folder in the repository (the add-in manifest and
the tests point at it); a wheel or ``pip install .`` carries a copy of it, which
``assistant.server.app.ui_dir`` finds when there is no checkout around it.
"""

from setuptools import find_namespace_packages, setup

CODE = find_namespace_packages(include=["assistant", "assistant.*", "emulators", "emulators.*"],
                               exclude=["*.__pycache__"])
# ui/ and its folders as packages of data only (pyproject.toml's package-data ships every file).
UI = ["assistant.ui"] + [f"assistant.ui.{name}" for name in find_namespace_packages(where="ui")]

setup(packages=CODE + UI, package_dir={"assistant.ui": "ui"})
