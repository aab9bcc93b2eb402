"""Named, ordered schema migrations (sqlite-utils ``Migrations``), applied all-or-nothing.

Rules: never edit a migration that has shipped; add ``m00N_what`` instead. A database that has
applied a migration this version does not know was written by a newer povdesk and is refused.
Before any pending migration runs on a file that already has data, the file is copied aside
(:func:`povdesk.db.snapshot`); all pending migrations then run in one transaction, so a failure
leaves the file as it was.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("povdesk")


@migrations()
def m001_initial(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE communes (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            area TEXT NOT NULL CHECK (area IN ('nông thôn', 'thành thị'))
        );
        CREATE TABLE villages (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL REFERENCES communes(code),
            name TEXT NOT NULL,
            UNIQUE (commune_code, name)
        );
        CREATE TABLE households (
            id INTEGER PRIMARY KEY,
            ma_xa TEXT NOT NULL REFERENCES communes(code),
            ma_ho TEXT NOT NULL,
            nam_ra_soat INTEGER NOT NULL,
            village_id INTEGER NOT NULL REFERENCES villages(id),
            ten_xa TEXT, thon TEXT NOT NULL, khu_vuc TEXT NOT NULL,
            ngay_ra_soat TEXT NOT NULL, ra_soat_vien TEXT, chu_ho TEXT NOT NULL, dia_chi TEXT,
            thu_nhap_bq INTEGER, diem_a INTEGER, phan_loai_truoc TEXT,
            tuong TEXT NOT NULL, khung TEXT NOT NULL, mai TEXT NOT NULL,
            dien_tich_nha REAL NOT NULL, nguon_nuoc TEXT NOT NULL, nha_tieu TEXT NOT NULL,
            dung_internet INTEGER NOT NULL, thiet_bi_thong_tin TEXT NOT NULL DEFAULT '',
            xu_ly_rac TEXT, ho_co_cong INTEGER, nguyen_nhan_ngheo TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT,
            content_hash TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (ma_xa, ma_ho, nam_ra_soat)
        );
        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
            stt INTEGER NOT NULL, ho_ten TEXT NOT NULL, quan_he TEXT NOT NULL,
            gioi_tinh TEXT NOT NULL, ngay_sinh TEXT NOT NULL, dan_toc TEXT NOT NULL,
            so_dinh_danh TEXT, viec_lam TEXT, kha_nang_lao_dong INTEGER, tro_cap_xa_hoi INTEGER,
            bhyt INTEGER, trinh_do TEXT, dang_di_hoc INTEGER, dinh_duong TEXT,
            UNIQUE (household_id, stt)
        );
        CREATE TABLE classifications (
            household_id INTEGER PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
            rule_set TEXT NOT NULL,
            klass TEXT NOT NULL CHECK (klass IN ('poor', 'near_poor', 'average', 'not_poor')),
            deprived TEXT NOT NULL,
            deprivation_count INTEGER NOT NULL,
            income INTEGER, score_a INTEGER, line INTEGER NOT NULL, upper INTEGER,
            explanation TEXT NOT NULL,
            inputs TEXT NOT NULL,
            classified_at TEXT NOT NULL
        );
        CREATE TABLE operations (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            operation_id INTEGER NOT NULL REFERENCES operations(id),
            household_id INTEGER,
            ma_xa TEXT NOT NULL, ma_ho TEXT NOT NULL, nam_ra_soat INTEGER NOT NULL,
            member_stt INTEGER,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT
        );
        """,
    )


@migrations()
def m002_indexes(db: Database) -> None:
    _script(
        db,
        """
        CREATE INDEX idx_households_year ON households (nam_ra_soat, ma_xa);
        CREATE INDEX idx_households_village ON households (village_id);
        CREATE INDEX idx_members_household ON members (household_id);
        CREATE INDEX idx_members_person_id ON members (so_dinh_danh);
        CREATE INDEX idx_classifications_klass ON classifications (klass);
        CREATE INDEX idx_history_household ON history (household_id);
        CREATE INDEX idx_history_key ON history (ma_xa, ma_ho, nam_ra_soat);
        """,
    )


def _script(db: Database, sql: str) -> None:
    """Run several statements inside the current transaction.

    Not ``executescript``: that COMMITs first and would break all-or-nothing migrations.
    """
    stmt = ""
    for line in sql.splitlines(keepends=True):
        stmt += line
        if sqlite3.complete_statement(stmt):
            db.execute(stmt)
            stmt = ""
    if stmt.strip():
        raise ValueError(f"incomplete SQL statement: {stmt[:60]!r}")


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]
