"""A PostgreSQL password kept apart from the settings, in a libpq password file.

libpq (and so psycopg) reads ``hostname:port:database:username:password`` lines from the
file named by the ``passfile`` connection parameter, so a remembered URL can carry
``?passfile=PATH`` instead of the password. The console keeps its own file in the user
data folder rather than the user's ``~/.pgpass``: it never rewrites a file that psql and
other tools own, it goes away with the console's data, and the settings file says where
the password is. libpq ignores a file others can read, so it is written with mode 0600.
See https://www.postgresql.org/docs/current/libpq-pgpass.html for the format.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url

from console.paths import user_data_dir

PASSFILE_NAME = "pgpass"
DEFAULT_PORT = 5432


def console_passfile() -> Path:
    """Where this console keeps server passwords (the user data folder, ``CONSOLE_DATA_DIR``)."""
    return user_data_dir() / PASSFILE_NAME


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    """A passfile line's fields, with ``\\:`` and ``\\\\`` undone."""
    fields, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":" and len(fields) < 4:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def entry_key(url: URL) -> tuple[str, str, str, str]:
    """(host, port, database, user) as libpq matches them: no host means ``localhost``."""
    return (
        url.host or "localhost",
        str(url.port or DEFAULT_PORT),
        url.database or "",
        url.username or "",
    )


def store_password(path: Path, url: URL) -> None:
    """Put ``url``'s password into the passfile at ``path`` (replacing the line for the
    same host, port, database and user; other lines stay), with mode 0600."""
    if url.password is None:
        raise ValueError("the URL has no password to keep")
    key = entry_key(url)
    kept = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and tuple(_split(line)[:4]) == key:
                continue  # the old line for this login
            kept.append(line)
    kept.append(":".join(_escape(f) for f in (*key, str(url.password))))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed over: never a half-written file, never readable by others.
    fd, tmp = tempfile.mkstemp(prefix=".pgpass-", dir=path.parent)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(kept) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def password_in(path: Path, url: URL) -> str | None:
    """The password the passfile at ``path`` holds for ``url`` (exact line only), or None."""
    if not path.exists():
        return None
    key = entry_key(url)
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = _split(line)
        if len(fields) == 5 and tuple(fields[:4]) == key:
            return fields[4]
    return None


def without_password(db: str, passfile: Path) -> str:
    """``db`` (a postgresql:// URL with a password) as a URL without it that names
    ``passfile`` instead; the password is stored there first. Anything else is returned
    unchanged: a SQLite path, a URL without a password."""
    if "://" not in db:
        return db
    url = make_url(db)
    if url.get_backend_name() != "postgresql" or url.password is None:
        return db
    store_password(passfile, url)
    query = {k: v for k, v in url.query.items() if k != "passfile"}
    bare = URL.create(  # (URL.set ignores None: it cannot take a password away)
        url.drivername, url.username, None, url.host, url.port, url.database, query
    ).render_as_string(hide_password=False)
    joiner = "&" if query else "?"
    # Slashes unencoded, so the settings file reads plainly; make_url decodes either way.
    return f"{bare}{joiner}passfile={quote(str(passfile), safe='/')}"
