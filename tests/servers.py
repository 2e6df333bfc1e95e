"""Servers that tests start for real, once per test session, shared by every test file.

`postgres_server`: a throwaway PostgreSQL cluster (see PostgresServer below).

`airflow_servers`: Airflow 3 as a deployment runs it — `airflow api-server`, `airflow scheduler`
(LocalExecutor) and `airflow dag-processor` as separate processes over one SQLite metadata
database, in a throwaway AIRFLOW_HOME, on free ports bound to 127.0.0.1. Tests trigger DAG runs
through the REST API (v2, JWT from the simple auth manager's token endpoint) and wait for them:

    def test_x(airflow_servers, tmp_path):
        run_id = airflow_servers.trigger("news_etl", conf={"raw_dir": ..., "warehouse": ...})
        assert airflow_servers.wait("news_etl", run_id) == "success", airflow_servers.diagnose("news_etl", run_id)

Every run passes its own folders in its conf (see etl/orchestration.py RUN_CONF_KEYS), so tests
sharing the servers never share a warehouse. The DAGs are unscheduled here (NEWS_SCHEDULE=none):
only triggered runs (and runs scheduled on assets) happen. On teardown every process group
started here is stopped (SIGTERM, then SIGKILL).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAGS = ROOT / "dags"
START_TIMEOUT = 240      # seconds for the three servers to come up and parse the DAGs
RUN_TIMEOUT = 900        # default wait for one DAG run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies, even by SIGKILL, so no
    server outlives an interrupted session (Linux prctl PR_SET_PDEATHSIG; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class AirflowServers:
    """A running Airflow (api-server, scheduler, dag-processor) and a small REST client for it."""

    # the airflow commands started, in order (docker-compose.yml runs the same ones)
    COMMANDS = ("api-server", "dag-processor", "scheduler")

    def __init__(self, home: Path):
        self.home = home
        self.logs = home / "server-logs"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(12)
        self.work = home / "news"  # default NEWS_* folders (runs normally pass their own in conf)
        self.env = self._environment()
        self.procs: dict[str, subprocess.Popen] = {}
        self._token: str | None = None

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWS_"))}
        env.update({
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{self.home / 'airflow.db'}",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            # two task processes at a time: the machine is shared, and the DAG's load is serial anyway
            "AIRFLOW__CORE__PARALLELISM": "2",
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.home / "passwords.json"),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__API__BASE_URL": self.base_url,
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            # task log servers: free ports, so parallel sessions on one machine do not collide
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
            # notice new DAG files and queued work quickly (defaults are minutes)
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
            "GX_ANALYTICS_ENABLED": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NEWS_SCHEDULE": "none",
            "NEWS_WORKERS": "1",
            # task retries still happen, seconds apart instead of a minute (a failed load retries twice)
            "NEWS_RETRY_DELAY_SECONDS": "2",
            "NEWS_RAW_DIR": str(ROOT / "data" / "raw"),
            "NEWS_DATA_DIR": str(self.work / "data"),
            "NEWS_WAREHOUSE": str(self.work / "warehouse" / "news.sqlite"),
            "NEWS_REPORTS_DIR": str(self.work / "reports"),
        })
        return env

    # ---- processes -------------------------------------------------------------------------
    def _airflow(self, *args: str) -> list[str]:
        return [str(Path(sys.executable).with_name("airflow")), *args]

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        (self.home / "passwords.json").write_text(json.dumps({"admin": self.password}))
        migrate = subprocess.run(self._airflow("db", "migrate"), env=self.env, capture_output=True, text=True, timeout=600)
        if migrate.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed:\n{migrate.stdout[-3000:]}\n{migrate.stderr[-3000:]}")
        extra = {"api-server": ("--host", "127.0.0.1", "--port", str(self.port), "--workers", "1")}
        for name in self.COMMANDS:
            args = (name, *extra.get(name, ()))
            log = open(self.logs / f"{name}.log", "wb")
            # own session: stop() signals the whole group (the scheduler forks task processes)
            self.procs[name] = subprocess.Popen(self._airflow(*args), env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True, cwd=self.home, preexec_fn=_die_with_parent)
            log.close()
        deadline = time.monotonic() + START_TIMEOUT
        self._until(deadline, "the api-server answering", lambda: self._get_status("/api/v2/version") == 200)
        self._until(deadline, "the scheduler's heartbeat", self._scheduler_healthy)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 30
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            # the group, not only the leader: task supervisors and gunicorn/uvicorn workers too
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()

    def _until(self, deadline: float, what: str, ready) -> None:
        while time.monotonic() < deadline:
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"airflow {', '.join(dead)} exited while waiting for {what}\n{self.server_logs()}")
            try:
                if ready():
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(1)
        raise TimeoutError(f"timed out waiting for {what}\n{self.server_logs()}")

    def _scheduler_healthy(self) -> bool:
        health = self.api("GET", "/api/v2/monitor/health")
        return health.get("scheduler", {}).get("status") == "healthy"

    def server_logs(self, lines: int = 40) -> str:
        return "\n".join(f"--- {name}.log (last {lines} lines)\n{_tail(self.logs / f'{name}.log', lines)}" for name in self.procs)

    # ---- REST API --------------------------------------------------------------------------
    def _get_status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=5) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def token(self) -> str:
        if self._token is None:
            body = self._request("POST", "/auth/token", {"username": "admin", "password": self.password}, auth=False)
            self._token = body["access_token"]
        return self._token

    def _request(self, method: str, path: str, body: dict | None = None, auth: bool = True) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        req = urllib.request.Request(self.base_url + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                text = resp.read().decode()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path} → HTTP {exc.code}: {exc.read().decode(errors='replace')[:2000]}") from None
        return json.loads(text) if text else {}

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        return self._request(method, path, body)

    def wait_for_dag(self, dag_id: str, timeout: float = START_TIMEOUT) -> dict:
        """The DAG as the API shows it, once the dag-processor has parsed it (import errors are raised)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.api("GET", f"/api/v2/dags/{dag_id}")
            except RuntimeError as exc:
                if "HTTP 404" not in str(exc):
                    raise
            errors = self.api("GET", "/api/v2/importErrors").get("import_errors", [])
            if errors:
                raise RuntimeError(f"DAG import errors: {json.dumps(errors, indent=1)[:4000]}")
            time.sleep(2)
        raise TimeoutError(f"DAG {dag_id} was not parsed within {timeout:.0f} s\n{self.server_logs()}")

    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        """Start a DAG run through the REST API; returns its dag_run_id."""
        self.wait_for_dag(dag_id)
        run = self.api("POST", f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": None, "conf": conf or {}})
        return run["dag_run_id"]

    def run_state(self, dag_id: str, run_id: str) -> str:
        return self.api("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")["state"]

    def wait(self, dag_id: str, run_id: str, timeout: float = RUN_TIMEOUT) -> str:
        """Poll until the run is success or failed; returns that state (raises on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"airflow {', '.join(dead)} died during run {run_id}\n{self.server_logs()}")
            state = self.run_state(dag_id, run_id)
            if state in ("success", "failed"):
                return state
            time.sleep(2)
        raise TimeoutError(f"run {run_id} of {dag_id} did not finish within {timeout:.0f} s\n{self.diagnose(dag_id, run_id)}")

    def runs(self, dag_id: str) -> list[dict]:
        return self.api("GET", f"/api/v2/dags/{dag_id}/dagRuns?order_by=-start_date&limit=100")["dag_runs"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        return self.api("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"]

    def task_states(self, dag_id: str, run_id: str) -> dict[str, list[str]]:
        """{task_id: [state of each instance]} (one entry per map index for mapped tasks)."""
        out: dict[str, list[str]] = {}
        for ti in sorted(self.task_instances(dag_id, run_id), key=lambda t: (t["task_id"], t["map_index"])):
            out.setdefault(ti["task_id"], []).append(ti["state"])
        return out

    def task_log(self, dag_id: str, run_id: str, task_id: str, map_index: int = -1, try_number: int = 1) -> str:
        """The task's log as text (task logs are files under AIRFLOW_HOME/logs)."""
        pattern = f"dag_id={dag_id}/run_id={run_id}/task_id={task_id}/"
        pattern += f"map_index={map_index}/" if map_index >= 0 else ""
        files = sorted((self.home / "logs").glob(pattern + f"attempt={try_number}.log"))
        return "\n".join(f.read_text(errors="replace") for f in files)

    def diagnose(self, dag_id: str, run_id: str) -> str:
        """What went wrong, for an assertion message: task states, failed tasks' logs, server logs."""
        parts = []
        try:
            parts.append(f"task states: {self.task_states(dag_id, run_id)}")
            for ti in self.task_instances(dag_id, run_id):
                if ti["state"] in ("failed", "upstream_failed", "up_for_retry"):
                    log = self.task_log(dag_id, run_id, ti["task_id"], ti["map_index"], max(1, ti.get("try_number") or 1))
                    parts.append(f"--- log of {ti['task_id']}[{ti['map_index']}]\n" + "\n".join(log.splitlines()[-40:]))
        except Exception as exc:  # noqa: BLE001 - diagnostics must not hide the original failure
            parts.append(f"(could not read task states: {exc})")
        parts.append(self.server_logs())
        return "\n".join(parts)


@pytest.fixture(scope="session")
def airflow_servers(tmp_path_factory):
    """One running Airflow for the whole test session (see the module docstring)."""
    if shutil.which("airflow", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("airflow is not installed in this Python environment")
    servers = AirflowServers(tmp_path_factory.mktemp("airflow"))
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


# ---- PostgreSQL --------------------------------------------------------------------------------

def _pg_bin(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


class PostgresServer:
    """A throwaway PostgreSQL cluster: initdb + pg_ctl on a free port bound to 127.0.0.1.

    Runs as the `postgres` system user when the tests run as root (the server refuses root).
    TCP connections need a password (scram-sha-256): the superuser `postgres` has
    `self.password`; roles created by tests get theirs. `dsn(db, user, password)` gives a libpq
    keyword string; `psql(sql)` runs SQL as the superuser.
    """

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.sockets = base / "sockets"
        self.port = free_port()
        self.password = secrets.token_urlsafe(12)
        self.user = "postgres"
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _cmd(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run([*self._run_as, *args], capture_output=True, text=True, timeout=kw.pop("timeout", 120), **kw)

    def start(self) -> None:
        initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        self.base.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir()
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._run_as:
            shutil.chown(self.base, "postgres")
            shutil.chown(self.sockets, "postgres")
            shutil.chown(pwfile, "postgres")
            self.base.chmod(0o700)
        proc = self._cmd(initdb, "-D", str(self.data), "-U", self.user, f"--pwfile={pwfile}", "--auth-local=trust",
                         "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        if proc.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{proc.stdout}\n{proc.stderr}")
        opts = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        proc = self._cmd(pg_ctl, "-D", str(self.data), "-o", opts, "-l", str(self.base / "postgres.log"), "-w", "-t", "60", "start")
        if proc.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed:\n{proc.stdout}\n{proc.stderr}\n{_tail(self.base / 'postgres.log')}")

    def stop(self) -> None:
        pg_ctl = _pg_bin("pg_ctl")
        if pg_ctl and (self.data / "postmaster.pid").exists():
            self._cmd(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def psql(self, sql: str, db: str = "postgres") -> str:
        """Run SQL as the superuser over the Unix socket; returns psql's output (raises on error)."""
        psql = _pg_bin("psql")
        # a script on stdin: each statement on its own, as an init script runs (CREATE DATABASE
        # cannot share a transaction, which `psql -c` with several statements would make)
        proc = self._cmd(psql, "-h", str(self.sockets), "-p", str(self.port), "-U", self.user, "-d", db,
                         "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-f", "-", input=sql)
        if proc.returncode != 0:
            raise RuntimeError(f"psql failed: {proc.stderr}")
        return proc.stdout

    def create_database(self, name: str, owner: str | None = None, password: str | None = None) -> None:
        """A fresh database (and its owner role with a password, when given)."""
        if owner:
            self.psql(f"CREATE ROLE {owner} LOGIN PASSWORD '{password or owner}'")
        self.psql(f"CREATE DATABASE {name}" + (f" OWNER {owner}" if owner else ""))

    def dsn(self, db: str, user: str | None = None, password: str | None = None) -> str:
        """libpq keywords over TCP (what `ducklake:postgres:` takes); password omitted unless given."""
        parts = [f"dbname={db}", "host=127.0.0.1", f"port={self.port}", f"user={user or self.user}"]
        if password:
            parts.append(f"password={password}")
        return " ".join(parts)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """One throwaway PostgreSQL cluster for the whole test session (see PostgresServer)."""
    missing = [p for p in ("initdb", "pg_ctl", "psql") if _pg_bin(p) is None]
    if missing:
        pytest.skip(f"PostgreSQL is not installed ({', '.join(missing)} not found); `make setup` installs Debian's postgresql")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: the PostgreSQL server cannot be started as another user")
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="news-pg-")))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
