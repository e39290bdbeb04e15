"""Hostile and concurrent uploads against a real server: answers, time, memory, and whether
everyone else is still served meanwhile.

Starts ``talentmatch serve`` on a temporary SQLite database (or ``--database-url``), uploads
each generated parser bomb and a normal two-page PDF while a second client polls
``/api/health`` every 50 ms, then eight PDF uploads at once. Prints, per upload: status, the
message, seconds, the growth of the server's resident memory (its worker processes included,
sampled every 50 ms), and the health check's p99 meanwhile.

Run: .venv/bin/python -m benchmarks.upload_safety [--database-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
from tests import hostile
from tests.builders import PASSWORD, unique_email
from tests.outbox import emailed_token_at
from tests.servers import free_port, running_server, server_env

from benchmarks._common import percentile, report
from benchmarks.resume_corpus import make_resume

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (the document workers), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _token(client: httpx.Client, database_url: str) -> str:
    email = unique_email("bench")
    body = {"email": email, "password": PASSWORD, "full_name": "Bench Mark", "role": "candidate"}
    client.post("/api/auth/signup", json=body).raise_for_status()
    confirm = emailed_token_at(database_url, email, "signup_confirm", "/signup/confirm")
    client.post("/api/auth/signup/confirm", json={"token": confirm}).raise_for_status()
    response = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return str(response.json()["access_token"])


def _measure(
    url: str, pid: int, upload: Callable[[], httpx.Response]
) -> tuple[httpx.Response, float, float, list[float]]:
    """Run ``upload`` while sampling memory and polling health: (response, seconds, RSS growth
    in MB, health latencies in ms)."""
    done = threading.Event()
    base = _rss_kib(pid)
    peak = [base]
    health: list[float] = []

    def watch() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/api/health")
                health.append(1000 * (time.perf_counter() - started))
                peak[0] = max(peak[0], _rss_kib(pid))
                time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        response = upload()
    finally:
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
    return response, seconds, (peak[0] - base) / 1024, health


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    files = {
        "2-page PDF resume": ("cv.pdf", make_resume(0)[0], PDF),
        "PDF inflating to 400 MB": ("bomb.pdf", hostile.pdf_flate_bomb(), PDF),
        "PDF 30 pages x 3,000 text objects": ("dense.pdf", hostile.pdf_many_text_objects(), PDF),
        "DOCX with forged sizes (200 MB)": ("forged.docx", hostile.docx_forged_sizes(), DOCX),
        "DOCX holding 95 MB of XML": ("xml.docx", hostile.docx_huge_xml(), DOCX),
    }
    with tempfile.TemporaryDirectory() as workdir:
        url = args.database_url or f"sqlite:///{workdir}/talentmatch.db"
        port = free_port()
        with running_server(server_env(url, port), port, Path(workdir)) as server:
            pid = server.process.pid
            rows = []
            with httpx.Client(base_url=server.url, timeout=120) as client:
                token = _token(client, url)
                headers = {"Authorization": f"Bearer {token}"}
                # The first upload loads the parsing models: not a figure of interest.
                client.put(
                    "/api/candidates/me/resume",
                    headers=headers,
                    files={"file": files["2-page PDF resume"]},
                )
                for label, file in files.items():
                    response, seconds, grown, health = _measure(
                        server.url,
                        pid,
                        lambda file=file: client.put(  # type: ignore[misc]
                            "/api/candidates/me/resume", headers=headers, files={"file": file}
                        ),
                    )
                    detail = "" if response.status_code == 200 else response.json().get("detail")
                    rows.append(
                        {
                            "file": label,
                            "size_mb": round(len(file[1]) / 1024 / 1024, 2),
                            "status": response.status_code,
                            "seconds": round(seconds, 2),
                            "server_rss_growth_mb": round(grown, 1),
                            "health_p99_ms": round(percentile(health, 99), 1) if health else None,
                            "detail": (detail or "")[:90],
                        }
                    )
                tokens = [_token(client, url) for _ in range(8)]
            pdfs = [make_resume(i)[0] for i in range(8)]

            def one(index: int) -> tuple[int, float]:
                with httpx.Client(base_url=server.url, timeout=120) as c:
                    started = time.perf_counter()
                    r = c.put(
                        "/api/candidates/me/resume",
                        headers={"Authorization": f"Bearer {tokens[index]}"},
                        files={"file": ("cv.pdf", pdfs[index], PDF)},
                    )
                    return r.status_code, time.perf_counter() - started

            with ThreadPoolExecutor(8) as pool:
                together = list(pool.map(one, range(8)))
            alive = server.is_up()
    times = [t for _, t in together]
    report(
        "upload_safety",
        {
            "uploads": rows,
            "eight_pdfs_at_once": {
                "statuses": sorted({s for s, _ in together}),
                "p50_s": round(percentile(times, 50), 2),
                "max_s": round(max(times), 2),
                "server_up_after": alive,
            },
        },
    )


if __name__ == "__main__":
    main()
