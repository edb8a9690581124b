"""Draw files: replay a DRAW-v1/v1.1 input file into a record file, verify a record file, write
the observers' verification page (verify.html) for a record.

Thin: reading, writing atomically and turning refusals into ValidationError; every rule lives
in app.core.draw. It must not touch the task store.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from app.core.domain.errors import ValidationError
from app.core.draw import (
    DrawRefused,
    loads_strict,
    record_digest,
    record_notes,
    replay,
    verify_record,
)
from app.core.draw.engine import AMENDMENT
from app.core.draw.verify_page import PAGE_NAME, write_verify_page

__all__ = [
    "json_bytes",
    "read_json_file",
    "check_draw_file",
    "record_summary",
    "replay_draw_file",
    "verify_draw_file",
    "verify_page_beside",
    "verify_page_file",
    "write_json_atomic",
]


def read_json_file(path: str | os.PathLike[str]) -> Any:
    """The JSON value in `path`; ValidationError naming the file when it cannot be read."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{p}: cannot be read: {exc}") from None
    try:
        return loads_strict(text)
    except ValueError as exc:
        raise ValidationError(f"{p}: not valid JSON: {exc}") from None


def json_bytes(value: Any) -> bytes:
    """`value` as the UTF-8 JSON text the app writes (one-space indent, text kept readable)."""
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def write_json_atomic(path: str | os.PathLike[str], value: Any) -> None:
    """Write `value` as UTF-8 JSON through a temp file, fsync and os.replace (all or nothing)."""
    target = Path(path)
    data = json_bytes(value)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # A record is published: readable by all like the notice beside it (a temp file is
        # created for its owner alone). A FAT/exFAT stick has one mode for all its files and
        # may refuse the change: the record is written all the same.
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable where the platform allows it
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replay_draw_file(
    input_path: str | os.PathLike[str], output_path: str | os.PathLike[str]
) -> dict[str, Any]:
    """Replay the DRAW-v1 input in `input_path` and write its record to `output_path`.

    Raises ValidationError (nothing written) when the file is not JSON, has the wrong shape or
    the lock is refused (DRAW-v1 §3). An infeasible draw is a record, not an error.
    """
    data = read_json_file(input_path)
    if not isinstance(data, dict):
        raise ValidationError(f"{input_path}: a draw input must be a JSON object")
    try:
        record = replay(data)
    except DrawRefused as exc:
        raise ValidationError(f"draw refused: {exc.reason}") from None
    write_json_atomic(output_path, record)
    return record


def verify_draw_file(path: str | os.PathLike[str]) -> list[str]:
    """Every failed DRAW-v1 §9 check of the record in `path`, first mismatch first ([] = PASS)."""
    return verify_record(read_json_file(path))


def check_draw_file(path: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """(failures, notes) of the record in `path`: the §9 failures ([] = PASS) and what is shown
    beside the verdict (§10: the declared source beside the public value, or a DRAW-v1 warning)."""
    record = read_json_file(path)
    return verify_record(record), record_notes(record)


def verify_page_file(
    record_path: str | os.PathLike[str], output_path: str | os.PathLike[str]
) -> Path:
    """verify.html with the record file's exact bytes embedded (a broken or tampered file too:
    the page then shows FAIL and why). ValidationError when the file cannot be read."""
    p = Path(record_path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"{p}: no such file") from None
    except OSError as exc:
        raise ValidationError(f"{p}: cannot be read: {exc}") from None
    if not data.strip():
        raise ValidationError(f"{p}: the file is empty")
    return write_verify_page(output_path, data)


def verify_page_beside(path: str | os.PathLike[str], record: dict[str, Any]) -> Path:
    """verify.html, with `record` embedded, in the folder of `path` (a record, notice, list)."""
    return write_verify_page(Path(path).with_name(PAGE_NAME), json_bytes(record))


def save_record(path: str | os.PathLike[str], record: dict[str, Any]) -> tuple[Path, Path]:
    """A record as JSON, written whole or not at all, and beside it the page that checks it in a
    browser with nothing installed (the record embedded): (record file, page). A draw's page is
    verify.html, the name its notice prints; a team amendment's is named after its own file
    (补抽记录-….verify.html), so saving it beside the draw's publication leaves that one's page
    as it was."""
    out = Path(path)
    write_json_atomic(out, record)
    if record.get("kind") == AMENDMENT:
        page = write_verify_page(out.with_name(f"{out.stem}.verify.html"), json_bytes(record))
    else:
        page = verify_page_beside(out, record)
    return out, page


def record_summary(record: dict[str, Any]) -> dict[str, Any]:
    """What a one-line report of a record shows: status, seed, record digest and counts."""
    return {
        "status": record["status"],
        "seed": record["seed"],
        "record_digest": record_digest(record),
        "targets": record["manifest"]["targets"]["count"],
        "selected": sum(len(entry["selected"]) for entry in record["selection"]),
        "teams": len(record["assignment"] or []),
        "error": record["error"],
    }
