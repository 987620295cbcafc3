"""A throwaway PostgreSQL server for the tests of ledgers read from a database.

``postgres_url`` gives the URL of a fresh, empty database on a server started for the test
session: ``XLSALES_PG_URL`` when set (a server someone runs), otherwise a cluster made
here from Debian's binaries (``/usr/lib/postgresql/*/bin``: initdb into a temporary
folder, ``pg_ctl start`` on 127.0.0.1 and a socket in that folder, a free port), stopped
and deleted when the session ends. As root (CI), the server runs as the ``postgres``
user: PostgreSQL refuses to run as root.

The login needs a password (scram-sha-256 over TCP), so the tests can check that a wrong
one is refused in one clear line and never printed. Outside CI the tests are skipped when
no server can be had; with ``CI`` set they fail instead (``.ci/run`` installs Debian's
``postgresql``), as the LibreOffice tests do.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "xlsales"
PASSWORD = "Pw-7t9!secret"  # a test asserts it never appears in a message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1:``port``."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="xlsales-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        secret = self.folder / "pw"
        secret.write_text(PASSWORD + "\n")
        if os.geteuid() == 0:
            shutil.chown(secret, "postgres", "postgres")
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", USER,
                   "--pwfile", str(secret), "--auth-local=trust",
                   "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions"])
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                   "-l", str(self.folder / "log"), "-o",
                   f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off", "start"])

    def _run(self, command: list[str]) -> None:
        subprocess.run(_as_server_user(command), check=True, capture_output=True, text=True,
                       cwd=self.folder, timeout=120)

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                       "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the server's ``postgres`` database (user ``xlsales``)."""
    given = os.environ.get("XLSALES_PG_URL")
    if given:
        yield given
        return
    bin_dir = _binaries()
    if bin_dir is None:
        _unavailable("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed")
    try:
        cluster = Cluster(bin_dir)
    except (OSError, subprocess.SubprocessError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        _unavailable(f"cannot start PostgreSQL: {detail}")
    try:
        yield cluster.url()
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh database on the session's server, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = postgres_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
