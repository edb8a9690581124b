"""Online sync against the reference receiver on 127.0.0.1: queue, send, fetch, retry."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.bundles.receiver import BundleReceiver
from app.core.domain.errors import ValidationError
from app.core.services.exchange import sync
from app.core.storage.models import Inspection, Visit
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office, pair


@pytest.fixture
def receiver(tmp_path: Path):
    r = BundleReceiver(tmp_path / "mailbox", host="127.0.0.1", port=0, token="s3cret").start()
    yield r
    r.stop()


def test_sync_round_trip_through_the_reference_receiver(
    tmp_path: Path, receiver: BundleReceiver
) -> None:
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office)
    laptop = pair(office, tmp_path / "laptop.db", tmp_path)
    try:
        for ws in (office, laptop):
            sync.configure_sync(
                ws, url=receiver.url, token="s3cret", ca_cert=str(receiver.cert_path)
            )
        queued = sync.queue_export(office, "assignments", inspector_cert=work.inspector_cert)
        assert [b.status for b in sync.sync_queue(office)] == ["queued"]
        rep = sync.sync_now(office, backoff=0.01)
        assert rep.sent == 1 and rep.failed == 0 and rep.received == ()
        assert [b.status for b in sync.sync_queue(office)] == ["sent"]
        stored = (receiver.folder / "bundles" / f"{queued.bundle_id}.zip").read_bytes()
        assert (
            hashlib.sha256(stored).digest() == hashlib.sha256(queued.path.read_bytes()).digest()
        )  # same bytes

        rep = sync.sync_now(laptop, backoff=0.01)
        assert len(rep.received) == 1 and rep.received[0].added["visit"] == 12
        with laptop.db.read_session() as s:
            assert len(s.scalars(select(Visit.id)).all()) == 12
        assert (
            sync.sync_now(laptop, backoff=0.01).received == ()
        )  # nothing new: the cursor moved on

        add_inspection(laptop, work.visit_uids[0], status="completed")
        sync.queue_export(laptop, "results")
        assert sync.sync_now(laptop, backoff=0.01).sent == 1
        rep = sync.sync_now(office, backoff=0.01)
        assert len(rep.received) == 1 and rep.received[0].added["inspection"] == 1
        with office.db.read_session() as s:
            assert len(s.scalars(select(Inspection.id)).all()) == 1
    finally:
        laptop.db.dispose()
        office.db.dispose()


def test_offline_sends_stay_queued_and_are_retried(tmp_path: Path) -> None:
    office = make_office(tmp_path / "office.db")
    work = make_field_work(office)
    try:
        r = BundleReceiver(tmp_path / "mailbox", host="127.0.0.1", port=0, token="t")
        url, cert = r.url, r.cert_path
        r._server.server_close()  # the office network is down: nothing listens there
        sync.configure_sync(office, url=url, token="t", ca_cert=str(cert))
        sync.queue_export(office, "assignments", task_no=work.task_no)
        rep = sync.sync_now(office, retries=1, backoff=0.01)
        assert rep.sent == 0 and rep.failed == 1 and rep.errors
        [item] = sync.sync_queue(office)
        assert item.status == "queued" and item.attempts == 1 and item.last_error
        # not due yet (backoff), unless forced
        assert sync.sync_now(office, retries=0, backoff=0.01).failed == 0
        port = int(url.rsplit(":", 1)[1])
        r2 = BundleReceiver(tmp_path / "mailbox", host="127.0.0.1", port=port, token="t").start()
        try:
            rep = sync.sync_now(office, force=True, backoff=0.01)
            assert rep.sent == 1
            assert [b.status for b in sync.sync_queue(office)] == ["sent"]
        finally:
            r2.stop()
    finally:
        office.db.dispose()


def test_sync_needs_https_and_the_right_token(
    tmp_path: Path, receiver: BundleReceiver, workspace
) -> None:
    with pytest.raises(ValidationError):
        sync.configure_sync(workspace, url="http://127.0.0.1:1")
    sync.configure_sync(workspace, url=receiver.url, token="wrong", ca_cert=str(receiver.cert_path))
    with pytest.raises(Exception, match="401"):
        sync.sync_now(workspace, backoff=0.01)
