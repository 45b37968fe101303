"""The scene cache: one folder per rendered scene key, holding its video and its beats.

An entry appears by a rename of a complete, checked folder, so a crash never leaves a
half entry that a later run would trust.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from engine.plan import SceneJob


class SceneCache:
    def __init__(self, root: Path):
        self.root = root
        self.scenes = root / "scenes"
        self.work = root / "work"
        self.logs = root / "logs"

    def entry(self, job: SceneJob) -> Path:
        return self.scenes / f"{job.name}-{job.key}"

    def get(self, job: SceneJob) -> dict | None:
        entry = self.entry(job)
        meta = entry / "result.json"
        if not meta.is_file():
            return None
        result = json.loads(meta.read_text())
        if not (entry / result["video"]).is_file():
            return None
        return {**result, "video": str(entry / result["video"])}

    def put(self, job: SceneJob, video: Path, result: dict) -> dict:
        entry = self.entry(job)
        tmp = entry.with_name(entry.name + f".tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        name = f"{job.name}{video.suffix}"
        shutil.copyfile(video, tmp / name)
        stored = {"scene": job.name, "video": name, "beats": result["beats"], "duration": result["duration"],
                  "render_seconds": result.get("seconds"), "params": job.params, "quality": job.quality.letter,
                  "theme": job.theme}
        (tmp / "result.json").write_text(json.dumps(stored, indent=1))
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
        return {**stored, "video": str(entry / name)}

    def work_dir(self, job: SceneJob) -> Path:
        return self.work / f"{job.name}-{job.key}-{os.getpid()}"

    def log_path(self, job: SceneJob) -> Path:
        return self.logs / f"{job.name}-{job.key[:8]}.log"

    def sweep(self) -> None:
        """Remove what an interrupted run left behind (we hold the output lock)."""
        for p in list(self.scenes.glob("*.tmp-*")) + list(self.work.glob("*")):
            shutil.rmtree(p, ignore_errors=True)
