"""Where the warehouse is and how to open it.

The warehouse is a DuckLake: tables are Parquet files tracked by a catalog database. One string
names it (`--warehouse`, NEWS_WAREHOUSE):

- a path: the catalog is that SQLite file (created on first load), the data files live in
  `<path>.files/` beside it (the catalog records the data path, so a reader needs the path only);
- a full DuckLake URI: `ducklake:postgres:dbname=news host=db user=etl` (catalog in PostgreSQL),
  `ducklake:sqlite:/srv/news.sqlite`, ... The data path for a new lake comes from
  NEWS_WAREHOUSE_DATA_PATH (a folder or `s3://bucket/prefix/`); later connections read it from the
  catalog.

The DuckDB extensions (ducklake, sqlite_scanner, postgres_scanner, httpfs) are loaded from the
duckdb-extension-* Python packages pinned in requirements.lock, so nothing is downloaded at run
time; a DuckDB that has them installed the usual way works too.
"""
from __future__ import annotations

import fcntl
import glob
import importlib.util
import os
import time
from contextlib import contextmanager
from pathlib import Path

ALIAS = "lake"  # the name the warehouse is attached under in our connections


class WarehouseError(RuntimeError):
    """A known condition about the warehouse, with a sentence a person can act on."""


class WarehouseBusy(WarehouseError):
    """Another run holds the embedded catalog's writer lock, or concurrent commits kept
    conflicting past the retries."""


class WarehouseMissing(WarehouseError):
    """No warehouse at the given path yet."""


def is_uri(spec: str | os.PathLike) -> bool:
    return str(spec).startswith("ducklake:")


def catalog_file(spec: str | os.PathLike) -> Path | None:
    """The SQLite catalog file of an embedded warehouse; None for a server catalog."""
    text = str(spec)
    if not is_uri(text):
        return Path(text).expanduser().absolute()
    if text.startswith("ducklake:sqlite:"):
        return Path(text.removeprefix("ducklake:sqlite:")).expanduser().absolute()
    return None


def attach_uri(spec: str | os.PathLike) -> str:
    """The `ducklake:` URI for ATTACH."""
    text = str(spec)
    if is_uri(text):
        if text.startswith("ducklake:sqlite:"):
            return f"ducklake:sqlite:{catalog_file(text)}"
        return text
    return f"ducklake:sqlite:{catalog_file(text)}"


def default_data_path(spec: str | os.PathLike) -> str | None:
    """Where a new lake's data files go: NEWS_WAREHOUSE_DATA_PATH, else `<catalog file>.files/`."""
    env = os.environ.get("NEWS_WAREHOUSE_DATA_PATH")
    if env:
        return env if "://" in env else str(Path(env).expanduser().absolute()) + "/"
    cat = catalog_file(spec)
    return f"{cat}.files/" if cat is not None else None


def exists(spec: str | os.PathLike) -> bool:
    """Is there a warehouse to read? For a server catalog we cannot tell without connecting: True."""
    cat = catalog_file(spec)
    return cat is None or (cat.exists() and cat.stat().st_size > 0)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def extension_path(name: str) -> str | None:
    """The .duckdb_extension file shipped in the duckdb-extension-<name> package, if installed."""
    found = importlib.util.find_spec(f"duckdb_extension_{name}")
    if found is None or not found.origin:
        return None
    import duckdb

    root = os.path.dirname(found.origin)
    exact = os.path.join(root, "extensions", f"v{duckdb.__version__}", f"{name}.duckdb_extension")
    if os.path.exists(exact):
        return exact
    matches = sorted(glob.glob(os.path.join(root, "extensions", "*", f"{name}.duckdb_extension")))
    return matches[-1] if matches else None


def load_extension(con, name: str) -> None:
    import duckdb

    path = extension_path(name)
    try:
        con.execute(f"LOAD {_sql_text(path)}" if path else f"LOAD {name}")
    except duckdb.Error as exc:
        raise WarehouseError(f"the DuckDB extension {name} cannot be loaded ({exc}); "
                             f"install the duckdb-extension-{name.replace('_', '-')} package matching duckdb") from None


def _extensions_for(uri: str, data_path: str | None) -> list[str]:
    names = ["ducklake"]
    if uri.startswith("ducklake:sqlite:"):
        names.append("sqlite_scanner")
    elif uri.startswith("ducklake:postgres:"):
        names.append("postgres_scanner")
    if data_path and "://" in data_path or "s3://" in uri or "https://" in uri:
        names.append("httpfs")
    return names


def _s3_secret(con) -> None:
    """Object storage credentials from the usual AWS_* variables (MinIO: AWS_ENDPOINT_URL)."""
    key = os.environ.get("AWS_ACCESS_KEY_ID")
    if not key:
        return
    opts = {"KEY_ID": key, "SECRET": os.environ.get("AWS_SECRET_ACCESS_KEY", "")}
    if os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"):
        opts["REGION"] = os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        opts["ENDPOINT"] = endpoint.split("://", 1)[-1]
        opts["USE_SSL"] = "true" if endpoint.startswith("https") else "false"
        opts["URL_STYLE"] = "path"
    body = ", ".join(f"{k} {v if k == 'USE_SSL' else _sql_text(v)}" for k, v in opts.items())
    con.execute(f"CREATE OR REPLACE SECRET news_s3 (TYPE s3, {body})")


def connect(spec: str | os.PathLike, read_only: bool = False, snapshot: int | None = None):
    """A DuckDB connection with the warehouse attached as `lake` and selected (USE lake), so
    queries name the tables directly. read_only for readers; snapshot=N reads the warehouse as
    it was at snapshot N (time travel). Raises WarehouseMissing when a path names no catalog yet
    and a reader asked for it, WarehouseError when it cannot be attached."""
    import duckdb

    uri = attach_uri(spec)
    cat = catalog_file(spec)
    creating = cat is not None and not exists(spec)
    if creating and (read_only or snapshot is not None):
        raise WarehouseMissing(f"no warehouse at {spec} yet (a run creates it)")
    data_path = default_data_path(spec) if (creating or (cat is None and not read_only)) else None
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        for name in _extensions_for(uri, data_path):
            load_extension(con, name)
        if "httpfs" in _extensions_for(uri, data_path):
            _s3_secret(con)
        options = []
        if read_only:
            options.append("READ_ONLY")
        else:
            # every row in a Parquet file, on a server catalog too (whose creation we cannot see
            # here, so the catalog option below is not set there): rows inlined in the catalog
            # would be invisible to anyone reading the lake's files
            options.append("DATA_INLINING_ROW_LIMIT 0")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        if creating:
            cat.parent.mkdir(parents=True, exist_ok=True)
        if data_path and "://" not in data_path:
            Path(data_path).mkdir(parents=True, exist_ok=True)
        if data_path:
            options.append(f"DATA_PATH {_sql_text(data_path)}")
        for attempt in range(1, 6):
            try:
                con.execute(f"ATTACH {_sql_text(uri)} AS {ALIAS}" + (f" ({', '.join(options)})" if options else ""))
                break
            except duckdb.Error as exc:
                text = str(exc)
                if data_path and not creating and "DATA_PATH" in text.upper() and any(o.startswith("DATA_PATH") for o in options):
                    # a server catalog that exists already keeps its own data path
                    options = [o for o in options if not o.startswith("DATA_PATH")]
                elif (read_only or snapshot is not None) and "creating a new DuckLake is explicitly disabled" in text:
                    # a server catalog (an empty Postgres database) that no run has written yet
                    raise WarehouseMissing(f"no warehouse in {spec} yet (a run creates it)") from None
                elif cat is None and attempt < 5 and ("duplicate key" in text or "already exists" in text):
                    # two writers creating one new server catalog at once: the loser's ATTACH finds
                    # the other's half-made schema; a moment later it finds the catalog made
                    time.sleep(0.3 * attempt)
                else:
                    raise
        con.execute(f"USE {ALIAS}")
        if creating:
            # every row in a Parquet file (no rows inlined in the catalog): the tables are the files
            con.execute(f"CALL {ALIAS}.set_option('data_inlining_row_limit', 0)")
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open the warehouse {spec}: {str(exc).splitlines()[0]}") from None
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def reader(spec: str | os.PathLike, snapshot: int | None = None):
    """A read-only connection for the duration of a with-block, or None when there is no
    warehouse yet (so callers treat it as empty)."""
    try:
        con = connect(spec, read_only=True, snapshot=snapshot)
    except WarehouseMissing:
        yield None
        return
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con):
    """BEGIN ... COMMIT on an open connection; anything raised inside rolls back (and re-raises),
    so the warehouse stays at its previous snapshot."""
    import duckdb

    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise


_HELD: dict[str, int] = {}  # lock files this process holds, with nesting depth


@contextmanager
def writer_lock(spec: str | os.PathLike):
    """Exclusive right to write an embedded (SQLite-catalog) warehouse, or WarehouseBusy at once.
    Re-entrant within a process (the CLI holds it for a whole run; the load takes it again).
    A server catalog (PostgreSQL) has no lock file: concurrent writers proceed and DuckLake
    settles their commits (see load.py for the retries)."""
    cat = catalog_file(spec)
    if cat is None:
        yield
        return
    cat.parent.mkdir(parents=True, exist_ok=True)
    lock_path = cat.with_name(cat.name + ".lock")
    key = str(lock_path)
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fh = open(lock_path, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise WarehouseBusy(f"another run is writing {spec}; try again when it has finished") from None
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
