#!/usr/bin/env python3
"""Benchmark of the cluster path: one lesson on local workers and on a local Dask cluster.

Prints, from one run: the lesson rendered cold at -q l with `-j 2` (local worker processes)
and with `--cluster local:2` (a Dask LocalCluster of 2 worker processes), each into a fresh
output folder with fresh caches (the cluster's workers get a fresh LESSON_CLUSTER_ROOT), from
one snapshot of the code, in rounds of alternating order; the ratio of the two and the
cluster path's overhead; each scene's render time on each path (from
the store's entries); the assembly on the client alone (the lesson folder removed, the scenes
from the cache); and from those figures, an estimate of a course of 20 such lessons on N
machines. Run by hand on an otherwise idle machine:  .venv/bin/python bench/cluster_bench.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})
    took = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr[-2000:]}")
    return took


def scene_seconds(out: Path) -> dict[str, tuple[float, str]]:
    """{scene entry: (render seconds on its worker, worker)} from the store."""
    found = {}
    for record in sorted((out / ".cache" / "store").glob("*/entry.json")):
        meta = json.loads(record.read_text())["meta"]
        found[record.parent.name.rsplit("-", 1)[0]] = (meta["render_seconds"], meta.get("worker", ""))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lesson", default="dot-product")
    ap.add_argument("-q", "--quality", default="l")
    ap.add_argument("--course", type=int, default=20, help="lessons in the course the estimate is for")
    ap.add_argument("--rounds", type=int, default=2, help="cold renders of each path, in alternating order")
    ap.add_argument("--per-machine", type=int, default=2, help="worker processes per machine in the estimate")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as tmp:
        tmp = Path(tmp)
        # A snapshot of the code, so that both paths render exactly the same scenes.
        checkout = tmp / "checkout"
        for part in ("engine", "scenes", "toolkit", "manim_patches", "mathcore", "narration", "assets", "lessons"):
            shutil.copytree(ROOT / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(ROOT / "render.py", checkout / "render.py")
        base = [PY, str(checkout / "render.py"), "lesson", args.lesson, "-q", args.quality]
        runs: dict[str, list[float]] = {"local": [], "cluster": []}
        for r in range(args.rounds):
            # Rounds alternate the order (local first, then cluster first), so that a load
            # that comes and goes on the machine falls on both paths alike.
            for path in ("local", "cluster") if r % 2 == 0 else ("cluster", "local"):
                out = tmp / f"out-{path}-{r}"
                if path == "local":
                    runs[path].append(timed([*base, "-j", "2", "--output-dir", str(out)]))
                else:
                    runs[path].append(
                        timed(
                            [*base, "--cluster", "local:2", "--output-dir", str(out)],
                            {"LESSON_CLUSTER_ROOT": str(tmp / f"cluster-machine-{r}")},
                        )
                    )
        local_out, cluster_out = tmp / "out-local-0", tmp / "out-cluster-0"
        cluster_env = {"LESSON_CLUSTER_ROOT": str(tmp / "cluster-machine-0")}
        # Nothing to render, only to start: what each path costs before its first scene.
        local_warm = timed([*base, "-j", "2", "--output-dir", str(local_out)])
        cluster_warm = timed([*base, "--cluster", "local:2", "--output-dir", str(cluster_out)], cluster_env)
        # The client's own share: the lesson assembled from scenes already in the cache.
        shutil.rmtree(local_out / args.lesson)
        assembly = timed([*base, "-j", "2", "--output-dir", str(local_out)]) - local_warm
        local_scenes, cluster_scenes = scene_seconds(local_out), scene_seconds(cluster_out)
    local, on_cluster = sum(runs["local"]), sum(runs["cluster"])

    print(f"lesson {args.lesson} at -q {args.quality}, cold, {os.cpu_count()} cores")
    print(f"{'what':44} {'seconds':>8}")
    for r in range(args.rounds):
        print(f"{f'round {r + 1}: render.py -j 2 (local processes)':44} {runs['local'][r]:8.2f}")
        print(
            f"{f'round {r + 1}: render.py --cluster local:2 (Dask)':44} {runs['cluster'][r]:8.2f}"
            f"   ratio {runs['cluster'][r] / runs['local'][r]:.3f}"
        )
    print(f"{'warm re-run, -j 2':44} {local_warm:8.2f}")
    print(f"{'warm re-run, --cluster local:2':44} {cluster_warm:8.2f}")
    print(f"{'assembly on the client (scenes cached)':44} {assembly:8.2f}")
    print(
        f"cluster / local, all rounds: {on_cluster / local:.3f}  (overhead {100 * (on_cluster / local - 1):+.1f}%; "
        f"starting the cluster: {cluster_warm - local_warm:+.1f} s)"
    )
    print(f"\n{'scene':28} {'local s':>8} {'cluster s':>10}  cluster worker")
    for name in sorted(local_scenes, key=lambda n: -local_scenes[n][0]):
        c = cluster_scenes.get(name, (float("nan"), ""))
        print(f"{name:28} {local_scenes[name][0]:8.2f} {c[0]:10.2f}  {c[1]}")

    # Scenes are the unit of work: a course's scenes are spread over every worker (a lesson
    # cannot finish before its longest scene), then each lesson is assembled on the client.
    times = [t for t, _ in cluster_scenes.values()]
    work, longest, joined = args.course * sum(times), max(times), args.course * assembly
    print(
        f"\ncourse of {args.course} lessons like this one: {args.course * len(times)} scenes, {work:.0f} s of "
        f"rendering, then {joined:.0f} s of assembly on the client; {args.per_machine} workers per machine"
    )
    for n in (1, 2, 4, 8, 16, 32):
        slots = n * args.per_machine
        # At best every worker carries an equal share; longest scenes first, the busiest
        # carries at most its share plus one scene.
        best, worst = max(work / slots, longest), work / slots + longest
        print(f"  {n:2} machine(s): {best + joined:6.0f} s to {worst + joined:6.0f} s")


if __name__ == "__main__":
    main()
