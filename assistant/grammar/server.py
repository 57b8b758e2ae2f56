"""Find and run a local LanguageTool HTTP server (Java) on 127.0.0.1.

The jars come from Maven Central (``scripts/languagetool.sh fetch`` puts
``languagetool-server`` + ``language-en`` and their dependencies in one
folder). Nothing here downloads anything: a missing install is reported with
the command that fixes it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

MAIN_CLASS = "org.languagetool.server.HTTPServer"
HOME_ENV = "LANGUAGETOOL_HOME"  # a folder holding the jars (or a lib/ of them)
REPO_ROOT = Path(__file__).resolve().parents[2]
FETCH_HINT = "run `scripts/languagetool.sh fetch` (needs Java 17 and Maven), or set LANGUAGETOOL_HOME"


class LanguageToolNotInstalled(RuntimeError):
    """Java or the LanguageTool jars are missing; the message says how to fix it."""


class LanguageToolStartError(RuntimeError):
    """The server process died or never answered."""


def candidate_dirs() -> list[Path]:
    """Where the jars may be, in the order they are tried."""
    dirs: list[Path] = []
    home = os.environ.get(HOME_ENV)
    if home:
        dirs += [Path(home), Path(home) / "lib"]
    # The checkout's own cache (setup scripts) first, then the per-user cache.
    dirs.append(REPO_ROOT / ".cache" / "languagetool" / "lib")
    dirs.append(Path(platformdirs.user_cache_dir("mail-assistant", appauthor=False)) / "languagetool" / "lib")
    return dirs


def _is_lib_dir(path: Path) -> bool:
    return path.is_dir() and any(path.glob("languagetool-server-*.jar")) and any(path.glob("language-en-*.jar"))


def find_lib_dir() -> Path | None:
    for path in candidate_dirs():
        if _is_lib_dir(path):
            return path
    return None


def installed_version(lib: Path | None = None) -> str | None:
    """The LanguageTool version from the server jar's name, e.g. ``6.8``."""
    lib = lib or find_lib_dir()
    if lib is None:
        return None
    jars = sorted(lib.glob("languagetool-server-*.jar"))
    return jars[-1].name.removeprefix("languagetool-server-").removesuffix(".jar") if jars else None


def find_java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / ("java.exe" if os.name == "nt" else "java")
        if candidate.is_file():
            return str(candidate)
    return shutil.which("java")


def java_version(java: str | None = None) -> str | None:
    """First line of ``java -version`` (it prints to stderr), or None."""
    java = java or find_java()
    if not java:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stderr or out.stdout).strip()
    return text.splitlines()[0] if text else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_alive(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` (…/ ending in the server root) answers /v2/languages."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/v2/languages", timeout=timeout) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


@dataclass
class LanguageToolServer:
    """One server process. Use as a context manager, or start()/stop()."""

    port: int = 0
    lib: Path | None = None
    java: str | None = None
    allow_origin: str | None = None
    max_heap: str = "1500m"
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        lib = self.lib or find_lib_dir()
        java = self.java or find_java()
        if java is None:
            raise LanguageToolNotInstalled("Java 17+ not found (install a JDK/JRE or set JAVA_HOME)")
        if lib is None:
            raise LanguageToolNotInstalled(f"LanguageTool jars not found; {FETCH_HINT}")
        self.lib, self.java = lib, java
        # Without --public the server only accepts connections from this machine.
        cmd = [java, f"-Xmx{self.max_heap}", "-cp", str(lib / "*"), MAIN_CLASS, "--port", str(self.port)]
        if self.allow_origin is not None:
            cmd += ["--allow-origin", self.allow_origin] if self.allow_origin != "*" else ["--allow-origin"]
        return cmd

    def start(self, timeout: float = 120.0, warm_up: bool = True) -> "LanguageToolServer":
        if not self.port:
            self.port = free_port()
        cmd = self.command()
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix="languagetool-", suffix=".log")
            os.close(fd)
            self.log_path = Path(name)
        # A file, not a pipe: a chatty server must never block on a full pipe.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.wait_ready(timeout)
        if warm_up:
            self.warm_up(timeout)
        return self

    def warm_up(self, timeout: float = 120.0) -> None:
        """Send one small check: the first one loads English (seconds), so users and
        tests with short timeouts never pay for it."""
        data = urllib.parse.urlencode({"language": "en-US", "text": "This are a warm-up sentense."}).encode()
        try:
            with urllib.request.urlopen(self.url + "/v2/check", data=data, timeout=timeout) as r:
                r.read()
        except OSError as exc:
            raise LanguageToolStartError(f"LanguageTool answered but failed a first check: {exc}\n{self.log_tail()}")

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise LanguageToolStartError(
                    f"LanguageTool exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            if is_alive(self.url, timeout=2.0):
                return
            time.sleep(0.3)
        self.stop()
        raise LanguageToolStartError(f"LanguageTool did not answer within {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> "LanguageToolServer":
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
