"""Hotro's benchmark: seed PostgreSQL, serve each scenario the production way, load it with wrk.

    .venv/bin/python -m bench.run --tickets 1000000 --duration 10s --connections 2,16 --peer

Prepares the database ``--db`` on ``--pg`` (migrate, provider defaults, ``bench.seed``;
a seed of the same size is reused), then for each scenario starts uvicorn with
``--workers`` processes (DEBUG off, the bench database, settings as in production),
signs in through the login form and runs wrk. The bare-Django ``hello`` view is
served the same way as the baseline; django-helpdesk is measured by the peer
script (``--peer``). Scenario 7 pushes ``--mail-messages`` generated emails through mail
intake (``bench.mail_ingest``, one process, a database of its own). Scenario 9 seeds the report
rollups as for ``--tickets`` (``bench.reports_seed``) and loads every report page as an
administrator over the last year. Results:
``--out/<timestamp>/results.json`` and ``results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import psycopg

from bench import report, web, wrk
from bench.reports_seed import REPORTS_EMAIL
from bench.seed import SEED_VERSION

ROOT = Path(__file__).resolve().parents[1]
PEER_SCRIPT = ROOT.parent / "shared" / "bench-peer" / "run.sh"
SECRET = "bench-only-not-secret"  # the bench database is throw-away
# Scenario 6: two-word queries as agents type them (no accents), mostly a common word and a rarer one,
# from the seeder's vocabulary (bench/text.py: phrases, subjects, names); wrk rotates them.
SEARCH_QUERIES = [
    "may cham",  # máy chủ chạy chậm
    "loi nginx",  # lỗi do cấu hình Nginx sai
    "gia ten",  # gia hạn tên miền
    "mat root",  # mật khẩu root
    "cong ssh",  # mở lại cổng SSH
    "thu rac",  # email vào thư rác
    "ssl het",  # chứng chỉ SSL hết hạn
    "nguyen hoa",  # a customer's name
    "err 517",  # a rare error code (ERR-517): few tickets, the trigram index's case
    "khach4321 example",  # a customer's email (khach4321…@example.vn)
]


def log(text: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        if args.db in ("test", "postgres", "template0", "template1"):
            raise SystemExit(f"bench.run: refusing to use database {args.db!r}")
        self.admin_url = f"{args.pg.rstrip('/')}/postgres"
        self.db_url = f"{args.pg.rstrip('/')}/{args.db}"
        self.out = Path(args.out) / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.out.mkdir(parents=True, exist_ok=True)
        self.env = {
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": SECRET,
            "DEBUG": "0",
            # Plain HTTP on loopback (production sits behind TLS): cookies must not be HTTPS-only here.
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # Scenario 9 signs an administrator in through the form: no authenticator app on a bench machine.
            "HOTRO_2FA_REQUIRED_ROLES": "none",
            "PYTHONPATH": str(ROOT),
        }
        if args.conn_max_age >= 0:
            self.env["BENCH_CONN_MAX_AGE"] = str(args.conn_max_age)
        if args.pool >= 0:
            self.env["DATABASE_POOL_MAX_SIZE"] = str(args.pool)
        if args.redis and redis_reachable(args.redis):
            self.env["REDIS_URL"] = args.redis  # as production runs: shared cache, sessions read from Redis
        elif args.redis:
            log(f"Redis at {args.redis} does not answer: serving without it (sessions from the database)")

    # --- database -------------------------------------------------------------------
    def _manage(self, *argv: str) -> None:
        cmd = [sys.executable, "manage.py", *argv]
        subprocess.run(cmd, cwd=ROOT, env={**os.environ, **self.env}, check=True, timeout=3600)

    def _schema_current(self) -> bool:
        """No unapplied migration (data migrations on a seeded database could run for a long time)."""
        cmd = [sys.executable, "manage.py", "migrate", "--check", "--no-input", "-v0"]
        env = {**os.environ, **self.env}
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=300, check=False).returncode == 0

    def _seeded(self) -> dict[str, Any] | None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.args.db]).fetchone()
        if not found:
            return None
        with psycopg.connect(self.db_url) as conn:
            if not conn.execute("SELECT to_regclass('bench_seed') IS NOT NULL").fetchone()[0]:
                return None
            row = conn.execute("SELECT report FROM bench_seed LIMIT 1").fetchone()
        return row[0] if row else None

    def prepare(self) -> tuple[dict[str, Any], bool]:
        """The seed report; the database is rebuilt unless it holds a seed of this size."""
        seeded = self._seeded()
        wanted = (self.args.tickets, self.args.customers)
        current = seeded and seeded.get("version", 1) == SEED_VERSION
        if current and (seeded["tickets"], seeded["customers"]) == wanted:
            if not self._schema_current():
                # Schema migrations on a seeded database are what a provider's upgrade does too.
                log(f"migrations were added since the seed: applying them to {self.args.db}")
                self._manage("migrate", "--no-input", "-v0")
            log(f"reusing the seed of {seeded['tickets']:,} tickets in database {self.args.db}")
            return seeded, True
        if seeded:
            log("the database holds another or an older seed: rebuilding it")
        log(f"creating database {self.args.db} (migrate, provider defaults)")
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.args.db}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.args.db}"')
        self._manage("migrate", "--no-input", "-v0")
        self._manage("load_provider_defaults", "-v0")
        log(f"seeding {self.args.tickets:,} tickets")
        seed_json = self.out / "seed.json"
        cmd = [sys.executable, "-m", "bench.seed", "--tickets", str(self.args.tickets)]
        cmd += ["--customers", str(self.args.customers), "--json", str(seed_json)]
        subprocess.run(cmd, cwd=ROOT, env={**os.environ, **self.env}, check=True, timeout=7200)
        return json.loads(seed_json.read_text()), False

    def prepare_reports(self) -> None:
        """Scenario 9's rollup rows (``bench.reports_seed``: reused when of this size and ending today)."""
        cmd = [sys.executable, "-m", "bench.reports_seed", "--tickets", str(self.args.tickets)]
        subprocess.run(cmd, cwd=ROOT, env={**os.environ, **self.env}, check=True, timeout=3600)

    def _count_tickets(self) -> int:
        with psycopg.connect(self.db_url) as conn:
            return conn.execute("SELECT count(*) FROM desk_ticket").fetchone()[0]

    def _technical_id(self) -> int:
        with psycopg.connect(self.db_url) as conn:
            return conn.execute("SELECT id FROM desk_department WHERE slug = 'technical'").fetchone()[0]

    # --- HTTP scenarios ----------------------------------------------------------------
    def scenarios(self, seed: dict[str, Any]) -> list[dict[str, Any]]:
        prefix = os.environ.get("HOTRO_TICKET_PREFIX", "CM")
        all_ = [
            {"name": "hello", "path": "/hello/", "who": None, "settings": "bench.hello_settings"},
            {"name": "queue", "path": "/console/queue/technical/", "who": "agent"},
            {"name": "triage", "path": "/console/triage/", "who": "agent"},
            {"name": "ticket", "path": f"/console/tickets/{prefix}-{seed['featured_ticket']:06d}/", "who": "agent"},
            {"name": "my_tickets", "path": "/tickets/", "who": "customer"},
            {"name": "create", "path": "/tickets/new/", "who": "customer", "post": True},
            {"name": "search", "path": "/console/search/", "who": "agent", "queries": search_query_strings()},
            *report_scenarios(),
        ]
        wanted = set(self.args.scenarios.split(",")) if self.args.scenarios else None
        return [s for s in all_ if wanted is None or s["name"] in wanted or s["name"] == "hello"]

    def _post_body(self, csrf: str, seed: dict[str, Any]) -> str:
        form = {
            "csrfmiddlewaretoken": csrf,
            "department": str(self._technical_id()),
            "category": "",
            "priority": "3",
            "body": "Máy chủ VPS của tôi không khởi động được sau khi cập nhật kernel. Nhờ anh chị kiểm tra giúp.",
        }
        return urlencode(form) + "&subject=" + "Benchmark%3A+VPS+kh%C3%B4ng+kh%E1%BB%9Fi+%C4%91%E1%BB%99ng+"

    def run_scenario(self, scenario: dict[str, Any], seed: dict[str, Any]) -> list[dict[str, Any]]:
        settings = scenario.get("settings", "bench.app_settings")
        probe = "/hello/" if scenario["name"] == "hello" else "/accounts/login/"
        rows = []
        with web.serve(
            self.env,
            settings=settings,
            workers=self.args.workers,
            log=self.out / "uvicorn.log",
            probe=probe,
            server=self.args.server,
        ) as server:
            port = server.port
            cookies: dict[str, str] = {}
            if scenario["who"]:
                email = {"agent": seed["agent_email"], "customer": seed["customer_email"], "reports": REPORTS_EMAIL}[
                    scenario["who"]
                ]
                cookies = web.sign_in(port, email, seed["password"])
            url = f"http://127.0.0.1:{port}{scenario['path']}"
            queries = scenario.get("queries")
            body = self._post_body(cookies["csrftoken"], seed) if scenario.get("post") else None
            check = self._sanity(port, scenario, cookies, body)
            for conns in self.args.connection_counts:
                if self.args.warmup != "0":
                    wrk.run(url, connections=conns, duration=self.args.warmup, cookie=web.cookie_header(cookies),
                            post_body=body, queries=queries, workdir=self.out,
                            label=f"{scenario['name']}-c{conns}-warmup")  # fmt: skip
                before = self._count_tickets() if body else 0
                app_cpu, db_cpu = web.cpu_seconds(group=server.group), web.cpu_seconds(command="postgres")
                result = wrk.run(
                    url,
                    connections=conns,
                    duration=self.args.duration,
                    cookie=web.cookie_header(cookies),
                    post_body=body,
                    queries=queries,
                    workdir=self.out,
                    label=f"{scenario['name']}-c{conns}",
                )
                app_cpu = web.cpu_seconds(group=server.group) - app_cpu
                db_cpu = web.cpu_seconds(command="postgres") - db_cpu
                row = {"scenario": scenario["name"], "connections": conns, "path": scenario["path"], "sanity": check}
                row.update({k: v for k, v in asdict(result).items() if k != "raw"})
                # CPU per request: steadier than requests/s on a shared machine (see web.cpu_seconds).
                row["app_cpu_ms"] = round(1000 * app_cpu / result.requests, 2) if result.requests else None
                row["db_cpu_ms"] = round(1000 * db_cpu / result.requests, 2) if result.requests else None
                row["ok"] = result.ok and check.startswith("ok")
                if body:
                    time.sleep(0.5)  # let requests still in flight when wrk stopped finish
                    row["created_tickets"] = self._count_tickets() - before
                    row["ok"] = row["ok"] and row["created_tickets"] >= result.requests - conns
                p95 = f"p95 {result.p95_ms} ms  " if result.p95_ms is not None else ""
                log(
                    f"  {scenario['name']:<11} c{conns:<3} {result.requests_per_s:>9.1f} req/s  "
                    f"p50 {result.p50_ms} ms  {p95}p99 {result.p99_ms} ms  "
                    f"({result.requests} requests, ok={row['ok']})  "
                    f"CPU/request: app {row['app_cpu_ms']} ms, PostgreSQL {row['db_cpu_ms']} ms"
                )
                rows.append(row)
        return rows

    def _sanity(self, port: int, scenario: dict[str, Any], cookies: dict[str, str], body: str | None) -> str:
        """One request by hand: a page must answer 200, the form must redirect to the new ticket."""
        if body is None:
            path = scenario["path"] + (scenario["queries"][0] if scenario.get("queries") else "")
            resp = web.request(port, "GET", path, cookies=cookies)
            return "ok" if resp.status == 200 else f"HTTP {resp.status} {resp.headers.get('location', '')}"
        form = dict(parse_qsl(body + "0"))
        resp = web.request(port, "POST", scenario["path"], cookies=cookies, form=form)
        location = resp.headers.get("location", "")
        return "ok" if resp.status == 302 and "/tickets/" in location else f"HTTP {resp.status} {location}"

    # --- in-process probe, peer, machine ---------------------------------------------------
    def probe(self) -> dict[str, Any]:
        target = self.out / "probe.json"
        cmd = [sys.executable, "-m", "bench.probe", "--json", str(target)]
        subprocess.run(cmd, cwd=ROOT, env={**os.environ, **self.env}, check=True, timeout=1800)
        return json.loads(target.read_text())

    def _intake(self, module: str, count: int, processes: int, db: str, name: str) -> dict[str, Any]:
        """One run of an intake benchmark (``bench.mail_ingest``, ``bench.sms_ingest``) in a process of
        its own, against a throw-away database."""
        target = self.out / f"{name}.json"
        cmd = [sys.executable, "-m", module, "--messages", str(count), "--processes", str(processes)]
        cmd += ["--pg", self.args.pg.rstrip("/"), "--db", db, "--json", str(target)]
        try:
            with (self.out / f"{name}.log").open("w") as fh:
                env = {**os.environ, **self.env}
                subprocess.run(cmd, cwd=ROOT, env=env, stdout=fh, stderr=fh, check=True, timeout=7200)
        finally:
            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        return json.loads(target.read_text())

    def mail(self) -> dict[str, Any] | None:
        """Scenario 7: mail intake in one process, then one process per core at once."""
        count = self.args.mail_messages
        if count <= 0:
            return None
        db = f"{self.args.db}_mail"
        log(f"scenario mail: {count:,} messages through intake, one process, database {db}")
        result = self._intake("bench.mail_ingest", count, 1, db, "mail_ingest")
        log(
            f"  mail        {result['messages_per_second']:>9.1f} msg/s, plain {result['plain_messages_per_second']} "
            f"msg/s ({result['plain_messages_per_cpu_second']} per CPU-second), "
            f"{result['queries_per_message']} queries/message, peak RSS {result['peak_rss_mib']} MiB"
        )
        processes = os.cpu_count() or 1
        if processes > 1:  # the whole machine: one intake process per core, PostgreSQL on the same cores
            par = result["parallel"] = self._intake("bench.mail_ingest", count, processes, db, "mail_ingest_parallel")
            log(
                f"  mail x{processes}     {par['messages_per_second']:>9.1f} msg/s "
                f"({par['messages_per_second_per_core']} per core), plain {par['plain_messages_per_second']} msg/s"
            )
        return result

    def sms(self) -> dict[str, Any] | None:
        """Scenario 8: signed SMS webhooks in one process, then one process per core at once."""
        count = self.args.sms_messages
        if count <= 0:
            return None
        db = f"{self.args.db}_sms"
        log(f"scenario sms: {count:,} signed Twilio webhooks, one process, database {db}")
        result = self._intake("bench.sms_ingest", count, 1, db, "sms_ingest")
        queries = ", ".join(f"{kind} {row['queries']}" for kind, row in result["by_kind"].items())
        log(
            f"  sms         {result['messages_per_s']:>9.1f} msg/s ({result['messages_per_cpu_s']} per CPU-second), "
            f"queries/message {queries}"
        )
        processes = os.cpu_count() or 1
        if processes > 1:
            par = result["parallel"] = self._intake("bench.sms_ingest", count, processes, db, "sms_ingest_parallel")
            per_core = par["messages_per_s_per_core"]
            log(f"  sms x{processes}      {par['messages_per_s']:>9.1f} msg/s ({per_core} per core)")
        return result

    def peer(self) -> tuple[dict[str, Any] | None, str]:
        if self.args.peer_json:
            return json.loads(Path(self.args.peer_json).read_text()), f"reused {self.args.peer_json}"
        if not self.args.peer:
            return None, "not run (--no-peer)"
        if not PEER_SCRIPT.exists():
            return None, f"skipped: {PEER_SCRIPT} is absent"
        out = self.out / "peer"
        env = {
            **os.environ,
            "TICKETS": str(self.args.peer_tickets),
            "DURATION": self.args.duration,
            "CONNECTIONS": " ".join(str(c) for c in self.args.connection_counts),
            "WORKERS": str(self.args.workers),
            "OUT": str(out),
            "PEER_VENV": str(ROOT / "bench" / "out" / "peer-venv"),
        }
        for name in ("PYTHONPATH", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
            env.pop(name, None)
        log(f"django-helpdesk peer: {PEER_SCRIPT} ({self.args.peer_tickets:,} tickets; about 12 min at 100k)")
        with (self.out / "peer.log").open("w") as fh:
            proc = subprocess.run(["bash", str(PEER_SCRIPT)], env=env, stdout=fh, stderr=fh, timeout=3 * 3600)
        result = out / "peer-results.json"
        if not result.exists():
            return None, f"failed (exit {proc.returncode}); see {self.out / 'peer.log'}"
        note = "" if proc.returncode == 0 else f" (its checks failed, exit {proc.returncode}; see peer.log)"
        return json.loads(result.read_text()), f"{out / 'peer-results.json'}{note}"

    def machine(self) -> dict[str, Any]:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")), platform.processor(),
        )  # fmt: skip
        ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
        with psycopg.connect(self.admin_url) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
        import uvicorn

        return {
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "ram_gb": round(ram, 1),
            "postgresql": pg,
            "python": platform.python_version(),
            "uvicorn": uvicorn.__version__,
        }

    def main(self) -> int:
        started = time.monotonic()
        seed, reused = self.prepare()
        if any(s["name"].startswith("reports_") for s in self.scenarios(seed)):
            log("scenario 9: report rollups (bench.reports_seed)")
            self.prepare_reports()
        log(f"probing queries per page ({self.out / 'probe.json'})")
        probe = self.probe()
        results = []
        for scenario in self.scenarios(seed):
            log(f"scenario {scenario['name']}: {scenario['path']}")
            rows = self.run_scenario(scenario, seed)
            queries = probe["pages"].get(scenario["name"], {}).get("queries")
            for row in rows:
                row["queries"] = queries if queries is not None else "—"
            results += rows
        mail = self.mail()
        sms = self.sms()
        peer, note = self.peer()
        data = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": self.machine(),
            "config": {
                "tickets": self.args.tickets,
                "customers": self.args.customers,
                "duration": self.args.duration,
                "connections": self.args.connection_counts,
                "workers": self.args.workers,
                "conn_max_age": "as in settings" if self.args.conn_max_age < 0 else self.args.conn_max_age,
                "pool_max_size": self.env.get("DATABASE_POOL_MAX_SIZE", "as in settings"),
                "redis": self.env.get("REDIS_URL", "none"),
                "server": self.args.server,
                "database": self.args.db,
                "mail_messages": self.args.mail_messages,
                "sms_messages": self.args.sms_messages,
            },
            "seed": seed,
            "seed_reused": reused,
            "results": results,
            "probe": probe,
            "mail": mail,
            "sms": sms,
            "targets": report.targets(results, probe["growth"], probe.get("search"), mail),
            "peer": peer,
            "peer_note": note,
            "run_seconds": round(time.monotonic() - started, 1),
        }
        (self.out / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
        md = report.markdown(data)
        (self.out / "results.md").write_text(md)
        print()
        print(report.table(results, peer))
        print()
        if mail:
            print(report.mail_table(mail))
            print()
        if sms:
            print(report.sms_table(sms, mail))
            print()
        log(f"done in {data['run_seconds']} s: {self.out / 'results.md'}")
        return 0 if all(r["ok"] for r in results) else 1


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def search_query_strings() -> list[str]:
    return ["?" + urlencode({"q": q}) for q in SEARCH_QUERIES]


# Scenario 9: every report page (hotro.reports) as an administrator, over the last year (every department).
REPORT_PAGES = ["overview", "volume", "times", "sla", "backlog", "agents", "scope", "csat"]


def report_scenarios() -> list[dict[str, Any]]:
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    start = (today - timedelta(days=364)).isoformat()
    return [
        {
            "name": f"reports_{page}",
            "path": ("/console/reports/" if page == "overview" else f"/console/reports/{page}/") + f"?start={start}",
            "who": "reports",
        }
        for page in REPORT_PAGES
    ]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Hotro benchmark (see README, section Benchmark).")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--duration", default="10s", help="wrk time per scenario and connection count")
    parser.add_argument("--connections", default="2,16", help="comma-separated wrk connection counts")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="CONN_MAX_AGE of the served app; -1 keeps the settings' value (under ASGI it leaks connections: "
        "one per request thread, exhausting max_connections at 16 wrk connections)",
    )
    parser.add_argument(
        "--pool", type=int, default=-1, help="DATABASE_POOL_MAX_SIZE per process (0: none; -1: as in settings)"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3", help="REDIS_URL of the served app ('' for none)")
    parser.add_argument("--warmup", default="1s", help="unmeasured wrk run before each measured one (0: none)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--server",
        choices=["nodelay", "uvicorn"],
        default="nodelay",
        help="nodelay: hotro.core.serve, as deploy/ runs it; uvicorn: plain uvicorn --workers N, for comparison",
    )
    parser.add_argument("--scenarios", default="", help="subset, e.g. queue,ticket (hello always runs)")
    parser.add_argument(
        "--mail-messages",
        type=int,
        default=10_000,
        help="scenario 7: messages through mail intake (bench.mail_ingest, database <db>_mail); 0 skips it",
    )
    parser.add_argument(
        "--sms-messages",
        type=int,
        default=3_000,
        help="scenario 8: signed SMS webhooks (bench.sms_ingest, database <db>_sms); 0 skips it",
    )
    parser.add_argument("--peer", action=argparse.BooleanOptionalAction, default=False, help="run django-helpdesk")
    parser.add_argument("--peer-tickets", type=int, default=100_000)
    parser.add_argument("--peer-json", help="reuse an earlier peer-results.json instead of running the peer")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--db", default="hotro_bench", help="bench database (created or reused)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args(argv)
    args.connection_counts = [int(c) for c in args.connections.replace(" ", ",").split(",") if c]
    return args


def main(argv: list[str] | None = None) -> int:
    return Bench(parse_args(argv)).main()


if __name__ == "__main__":
    sys.exit(main())
