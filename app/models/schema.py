"""The window's local store (SQLite), mapped with SQLAlchemy 2.

Design notes:
- Catalog items are kept per imported version as the interchange JSON (``payload``) plus the
  columns search and lists need. A newer import adds a version and never rewrites the old one,
  so a record naming (item code, catalog version) can always be shown as it was.
- ``records`` is the service-process record (服务过程全记录): append-only, one row per
  interaction, hash-chained per device, each row written in the same transaction as its
  ``outbox`` entry so the central database can never miss it.
- ``cases`` holds the current state of a case (a projection of its records), so lists stay fast.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Window identity and preferences as typed JSON values (see services/settings.py)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[object] = mapped_column(JSON, nullable=True)


class Counter(Base):
    """Gap-free counters: the device record sequence and per-day case-number sequences."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)  # clerk|supervisor|admin
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="local")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class CatalogVersion(Base):
    __tablename__ = "catalog_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    published_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False)  # demo|import|central
    central_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    item_count: Mapped[int] = mapped_column(Integer, nullable=False)


class CatalogItem(Base):
    __tablename__ = "catalog_items"
    __table_args__ = (UniqueConstraint("version_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    aliases: Mapped[str] = mapped_column(Text, nullable=False, default="")  # joined by "\n"
    department: Mapped[str | None] = mapped_column(Text, nullable=True)
    # {"pinyin": [...], "initials": [...]}: computed once at import, see core/search.py
    search_keys: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class CatalogBundle(Base):
    """A bundle (一件事) of a catalog version, kept like its items (see CatalogItem)."""

    __tablename__ = "catalog_bundles"
    __table_args__ = (UniqueConstraint("version_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    aliases: Mapped[str] = mapped_column(Text, nullable=False, default="")  # joined by "\n"
    search_keys: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class ItemUsage(Base):
    """How often this window used an item, so frequent items rank first in search."""

    __tablename__ = "item_usage"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_used: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class Holiday(Base):
    """The county's holiday table: overrides the chinesecalendar package day by day."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean, nullable=False)
    note: Mapped[str | None] = mapped_column(String(100), nullable=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="local")


class HolidayYear(Base):
    """Years the holiday table covers completely (a published annual schedule)."""

    __tablename__ = "holiday_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="local")


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    item_code: Mapped[str] = mapped_column(String(64), nullable=False)
    item_name: Mapped[str] = mapped_column(Text, nullable=False)
    catalog_version: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"), nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    promised_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    promised_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Counted with the statutory holidays of a year whose schedule was not yet published (暂定);
    # recounted when the table arrives (services/calendar.py).
    promised_provisional: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    supplement_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 告知承诺: the date the promised materials are to be checked by (the intake record says
    # which); cleared when the check is recorded.
    check_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    visits: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False)
    centre_code: Mapped[str] = mapped_column(String(20), nullable=False)
    window_code: Mapped[str] = mapped_column(String(20), nullable=False)
    materials: Mapped[dict[str, Any]] = mapped_column(
        JSON, nullable=False
    )  # material id -> verdict


Index("ix_cases_created", Case.created_at)
Index("ix_cases_state", Case.state)
# Home and report read bounded sets whatever the history: the cases changed on a day, the
# running cases due by a date, and the acceptance counts (read from the index alone).
Index("ix_cases_updated", Case.updated_at)
Index("ix_cases_state_promised", Case.state, Case.promised_date)
Index("ix_cases_accepted", Case.accepted_at, Case.created_at)
Index("ix_cases_state_updated", Case.state, Case.updated_at)
Index(
    "ix_cases_provisional",
    Case.promised_date,
    sqlite_where=text("promised_provisional = 1"),
)
Index("ix_cases_check_due", Case.check_due, sqlite_where=text("check_due IS NOT NULL"))


class AcceptanceTotals(Base):
    """The report's 跑一次率 counts, kept by triggers on ``cases`` (migration 0008): cases
    accepted, and of them accepted at the first visit. One row (id 1)."""

    __tablename__ = "acceptance_totals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accepted: Mapped[int] = mapped_column(Integer, nullable=False)
    first_visit: Mapped[int] = mapped_column(Integer, nullable=False)


class Record(Base):
    """One interaction (服务过程全记录). Never updated or deleted; see services/record_log.py."""

    __tablename__ = "records"
    __table_args__ = (UniqueConstraint("device_id", "epoch", "seq"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    epoch: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)  # ISO 8601 with offset
    payload_version: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON, hashed as is
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    chain_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


Index("ix_records_case", Record.case_id)
# The chain's tip is found by (epoch, seq) at every append: keep that lookup O(log n).
Index("ix_records_epoch_seq", Record.epoch, Record.seq)
# A day's records of some kinds (home counts, the day's reviews, the promise records).
Index("ix_records_kind_created", Record.kind, Record.created_at)


class Outbox(Base):
    """Records not yet acknowledged by the central database. Cleared only on a per-record answer."""

    __tablename__ = "outbox"
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    enqueued_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


Index("ix_outbox_state_seq", Outbox.state, Outbox.seq)


class Ticket(Base):
    """A rectification ticket (问题整改清单) opened by a bad review or a complaint."""

    __tablename__ = "tickets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_record: Mapped[str] = mapped_column(ForeignKey("records.id"), nullable=False)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # the source: core/tickets.py
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)  # core/tickets.STATES
    responsible: Mapped[str | None] = mapped_column(String(64), nullable=True)
    due: Mapped[date] = mapped_column(Date, nullable=False)  # the last one set (kept when appealed)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The ticket as core/tickets.Ticket.to_json has it; None for a ticket from before 0007.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


Index("ix_tickets_state_due", Ticket.state, Ticket.due)


class Draft(Base):
    """An unfinished intake, saved at every step so a crash or a closed window loses nothing."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class Dataset(Base):
    """Versions of reference data pulled from the central database (catalog, holidays, ...)."""

    __tablename__ = "datasets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    applied_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class DayClose(Base):
    """A day (per epoch) whose manifest the central database verified, with the digest it
    verified: a day close sends only the days whose records changed since. Its own table, not a
    setting: settings are read whole by every transaction, and this grows by a row a day."""

    __tablename__ = "day_closes"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    verified_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class WindowKey(Base):
    """Public keys that sign return slips at the centre's windows (this device's own among
    them), received from the central database; see services/window_keys.py."""

    __tablename__ = "window_keys"
    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64), nullable=False)  # base64, 32 bytes
    centre_code: Mapped[str] = mapped_column(String(20), nullable=False)
    window_code: Mapped[str] = mapped_column(String(20), nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    origin: Mapped[str] = mapped_column(String(20), nullable=False)  # own|central
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class CentreVisit(Base):
    """A visit to a case of this centre recorded at another window, as the central database
    published it (ID numbers masked, with their check values). With this window's own records
    it is what services/centre_cases.py folds into the case's ``cases`` row."""

    __tablename__ = "centre_visits"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)
    window: Mapped[str] = mapped_column(String(45), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    central_version: Mapped[int] = mapped_column(Integer, nullable=False)


Index("ix_centre_visits_case", CentreVisit.case_id)


class CentreCase(Base):
    """A case of the centre this window knows beyond its own records: opened at another window
    (online, or from a return slip's QR) or visited there. Holds what the ID check needs and
    the conflicts the merge found (docs/any-window.md)."""

    __tablename__ = "centre_cases"
    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False)  # own|central|ticket
    applicant_check: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    agent_check: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    conflicts: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
