"""One clock for people: every date or time a screen fills in by itself (today's date in a
picker, 检查时间 when a form starts) comes from the office's zone (app.core.domain.localtime),
never from the machine's clock, which on a laptop set to UTC is eight hours behind Beijing."""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
MACHINE_CLOCK = re.compile(
    r"QDate\.currentDate\(|QDateTime\.currentDateTime\(|QTime\.currentTime\(|"
    r"\bdate\.today\(|datetime\.now\(\)|datetime\.today\("
)
# A zip entry's time is the machine's local time by the ZIP format's own definition.
ALLOWED = {("core/bundles/writer.py", "datetime.now()")}


def test_no_screen_or_service_reads_the_machine_clock() -> None:
    found = []
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(APP).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in MACHINE_CLOCK.finditer(line):
                if (rel, m.group(0)) not in ALLOWED:
                    found.append(f"app/{rel}:{n}: {line.strip()}")
    assert not found, "use local_today()/local_now() (office zone):\n" + "\n".join(found)
