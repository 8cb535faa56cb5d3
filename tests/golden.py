"""Golden files for the readers: `<case>.<ext>` beside `<case>.expected.json`.

Each case is read as `sources/<case>.<ext>` and must give its expected records
and problems exactly. After a deliberate change, rewrite the expectations with
`UPDATE_GOLDEN=1 python -m pytest …` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from generator.readers import ReadSettings, decode


def as_json(records, problems) -> dict:
    found = {"records": [dataclasses.asdict(record) for record in records], "problems": [str(problem) for problem in problems]}
    return json.loads(json.dumps(found))


def check_golden(reader, case: Path) -> None:
    records, problems = reader.read(decode(case.read_bytes()), f"sources/{case.name}", ReadSettings())
    expected = case.with_suffix(".expected.json")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(json.dumps(as_json(records, problems), indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert as_json(records, problems) == json.loads(expected.read_text("utf-8"))
