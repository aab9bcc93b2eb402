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


@migrations()
def m003_report_plans_totals(db: Database) -> None:
    # Reports (povdesk.reports): planned reductions per commune/village and year, and totals typed
    # in for years without household data (trend series). thon '' = the whole commune.
    _script(
        db,
        """
        CREATE TABLE report_plans (
            ma_xa TEXT NOT NULL REFERENCES communes(code),
            thon TEXT NOT NULL DEFAULT '',
            year INTEGER NOT NULL,
            poor_reduction INTEGER CHECK (poor_reduction >= 0),
            near_poor_reduction INTEGER CHECK (near_poor_reduction >= 0),
            note TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (ma_xa, thon, year)
        );
        CREATE TABLE report_totals (
            ma_xa TEXT NOT NULL REFERENCES communes(code),
            thon TEXT NOT NULL DEFAULT '',
            year INTEGER NOT NULL,
            households INTEGER NOT NULL CHECK (households >= 0),
            poor INTEGER NOT NULL CHECK (poor >= 0 AND poor <= households),
            near_poor INTEGER NOT NULL CHECK (near_poor >= 0 AND poor + near_poor <= households),
            note TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (ma_xa, thon, year)
        );
        """,
    )


@migrations()
def m004_documents(db: Database) -> None:
    # Official documents (povdesk.documents): per-commune document settings, commune keys for
    # QR signatures, the numbering register (numbers never reused) and the print log.
    _script(
        db,
        """
        CREATE TABLE commune_settings (
            commune_code TEXT NOT NULL REFERENCES communes(code),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (commune_code, key)
        );
        CREATE TABLE commune_keys (
            commune_code TEXT NOT NULL,
            key_id TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            secret BLOB NOT NULL,
            created_at TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (commune_code, key_id)
        );
        CREATE TABLE doc_counters (
            commune_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            series TEXT NOT NULL,
            last_number INTEGER NOT NULL CHECK (last_number >= 0),
            PRIMARY KEY (commune_code, year, series)
        );
        CREATE TABLE doc_register (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            series TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number > 0),
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            household_id INTEGER REFERENCES households(id) ON DELETE SET NULL,
            ma_ho TEXT,
            review_year INTEGER NOT NULL,
            klass TEXT,
            issued_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
            void_reason TEXT,
            UNIQUE (commune_code, year, series, number)
        );
        CREATE UNIQUE INDEX idx_doc_register_subject ON doc_register (subject) WHERE status = 'issued';
        CREATE TRIGGER doc_register_no_delete BEFORE DELETE ON doc_register
        BEGIN
            SELECT RAISE(ABORT, 'doc_register rows are never deleted (numbers are never reused)');
        END;
        CREATE TABLE print_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            document TEXT NOT NULL,
            commune_code TEXT,
            review_year INTEGER,
            ma_ho TEXT,
            register_id INTEGER REFERENCES doc_register(id),
            number_text TEXT,
            copy INTEGER NOT NULL DEFAULT 0,
            output TEXT
        );
        CREATE INDEX idx_print_log_register ON print_log (register_id);
        """,
    )


@migrations()
def m005_household_search(db: Database) -> None:
    # Household list search and Vietnamese sort (povdesk.search). Triggers only mark households
    # stale (cheap, no SQL functions, so any writer keeps working); refresh_search_index() rebuilds
    # the FTS doc and sort keys of stale households in one set-based statement per table, and
    # queries treat still-stale households correctly (see povdesk.queries).
    _script(
        db,
        """
        CREATE VIRTUAL TABLE household_fts USING fts5(
            key, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE TABLE household_sort (
            household_id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            village BLOB NOT NULL,
            head BLOB NOT NULL
        );
        CREATE INDEX idx_household_sort_village ON household_sort (year, village, head);
        CREATE INDEX idx_household_sort_head ON household_sort (year, head);
        CREATE TABLE search_stale (household_id INTEGER PRIMARY KEY);
        CREATE TRIGGER households_search_insert AFTER INSERT ON households BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (NEW.id);
        END;
        CREATE TRIGGER households_search_update AFTER UPDATE OF id, ma_ho, nam_ra_soat, chu_ho, thon ON households
        BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (OLD.id);
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (NEW.id);
        END;
        CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (OLD.id);
        END;
        CREATE TRIGGER members_search_insert AFTER INSERT ON members BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (NEW.household_id);
        END;
        CREATE TRIGGER members_search_update AFTER UPDATE OF household_id, ho_ten, so_dinh_danh ON members
        BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (OLD.household_id);
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (NEW.household_id);
        END;
        CREATE TRIGGER members_search_delete AFTER DELETE ON members BEGIN
            INSERT OR IGNORE INTO search_stale (household_id) VALUES (OLD.household_id);
        END;
        INSERT INTO search_stale (household_id) SELECT id FROM households;
        """,
    )


@migrations()
def m006_review_workflow(db: Database) -> None:
    # Review workflow, accounts and the hash-chained audit log (povdesk.reviews, povdesk.users,
    # povdesk.audit). The audit log, operations and history become append-only; the genesis
    # entry seals the operations already in the file.
    _script(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            full_name TEXT,
            role TEXT NOT NULL CHECK (role IN ('enumerator', 'officer', 'chairman', 'admin')),
            pw_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            ma_xa TEXT NOT NULL, thon TEXT NOT NULL, nam_ra_soat INTEGER NOT NULL,
            held_on TEXT NOT NULL, place TEXT NOT NULL, chair TEXT NOT NULL,
            attendees INTEGER NOT NULL CHECK (attendees > 0), minutes TEXT NOT NULL DEFAULT '',
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE postings (
            id INTEGER PRIMARY KEY,
            ma_xa TEXT NOT NULL, thon TEXT, nam_ra_soat INTEGER NOT NULL,
            start_on TEXT NOT NULL, end_on TEXT NOT NULL, working_days INTEGER NOT NULL, place TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE review_requests (
            id INTEGER PRIMARY KEY,
            form TEXT NOT NULL CHECK (form IN ('01', '04')),
            ma_xa TEXT NOT NULL, ma_ho TEXT NOT NULL, thon TEXT NOT NULL, nam_ra_soat INTEGER NOT NULL,
            applicant TEXT NOT NULL, received_on TEXT NOT NULL, reason TEXT,
            review_id INTEGER REFERENCES reviews(id),
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            ma_xa TEXT NOT NULL, ma_ho TEXT NOT NULL, nam_ra_soat INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('periodic', 'ongoing')),
            stage TEXT NOT NULL CHECK (stage IN ('listed', 'draft', 'submitted', 'returned', 'accepted',
                'agreed', 'disputed', 'posted', 'complaint', 'consulted', 'recognised', 'rejected', 'dropped')),
            current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
            thon TEXT, assigned_to TEXT, source TEXT,
            previous_id INTEGER REFERENCES reviews(id),
            request_id INTEGER REFERENCES review_requests(id),
            meeting_id INTEGER REFERENCES meetings(id),
            posting_id INTEGER REFERENCES postings(id),
            consult_ref TEXT, decision_no TEXT, decision_date TEXT, snapshot TEXT, snapshot_hash TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX idx_reviews_current ON reviews (ma_xa, ma_ho, nam_ra_soat) WHERE current = 1;
        CREATE INDEX idx_reviews_queue ON reviews (nam_ra_soat, ma_xa, stage);
        CREATE INDEX idx_reviews_assigned ON reviews (assigned_to, stage);
        CREATE INDEX idx_review_requests_key ON review_requests (ma_xa, nam_ra_soat);
        CREATE TABLE review_events (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id),
            at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
            from_stage TEXT, to_stage TEXT, comment TEXT, data TEXT
        );
        CREATE INDEX idx_review_events_review ON review_events (review_id);
        CREATE TABLE review_comments (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id),
            at TEXT NOT NULL, user TEXT NOT NULL, field TEXT, member_stt INTEGER, text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'addressed')),
            resolved_at TEXT, resolved_by TEXT
        );
        CREATE INDEX idx_review_comments_review ON review_comments (review_id, status);
        CREATE TABLE meeting_outcomes (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            review_id INTEGER NOT NULL REFERENCES reviews(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('agreed', 'disputed')),
            votes_for INTEGER, votes_against INTEGER, note TEXT,
            PRIMARY KEY (meeting_id, review_id)
        );
        CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id),
            received_on TEXT NOT NULL, complainant TEXT, content TEXT NOT NULL,
            result TEXT, outcome TEXT CHECK (outcome IS NULL OR outcome IN ('kept', 'changed')),
            recheck_on TEXT, recheck_by TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL
        );
        CREATE INDEX idx_complaints_review ON complaints (review_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, user TEXT NOT NULL, operation_id INTEGER,
            action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, subject TEXT,
            field TEXT, old TEXT, new TEXT, reason TEXT,
            prev_hash TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL
        );
        CREATE INDEX idx_audit_entity ON audit_log (entity, entity_id);
        CREATE INDEX idx_audit_subject ON audit_log (subject);
        CREATE INDEX idx_history_operation ON history (operation_id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER operations_no_update BEFORE UPDATE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations is append-only (sealed in audit_log)'); END;
        CREATE TRIGGER operations_no_delete BEFORE DELETE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations is append-only (sealed in audit_log)'); END;
        CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only (sealed in audit_log)'); END;
        CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only (sealed in audit_log)'); END;
        """,
    )
    from povdesk.audit import write_genesis
    from povdesk.households import now_iso

    write_genesis(db.conn, now_iso())


@migrations()
def m007_quality(db: Database) -> None:
    # Data quality (povdesk.quality). quality_decisions and quality_accepted are the reviewer's
    # durable judgements, keyed by natural references (ma_xa|ma_ho|year…) so they survive re-saves
    # and sync; quality_pairs and quality_issues are a cache rewritten by `povdesk check`.
    _script(
        db,
        """
        CREATE TABLE quality_decisions (
            id INTEGER PRIMARY KEY,
            pair_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('person', 'household')),
            ref_a TEXT NOT NULL, ref_b TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
            reason TEXT,
            merged INTEGER NOT NULL DEFAULT 0,
            operation_id INTEGER NOT NULL REFERENCES operations(id),
            UNIQUE (kind, ref_a, ref_b)
        );
        CREATE TABLE quality_accepted (
            id INTEGER PRIMARY KEY,
            ma_xa TEXT NOT NULL, ma_ho TEXT NOT NULL, nam_ra_soat INTEGER NOT NULL,
            check_code TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL,
            reason TEXT NOT NULL,
            operation_id INTEGER NOT NULL REFERENCES operations(id),
            UNIQUE (ma_xa, ma_ho, nam_ra_soat, check_code, subject)
        );
        CREATE TABLE quality_pairs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('person', 'household')),
            nam_ra_soat INTEGER NOT NULL,
            household_a INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
            household_b INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
            stt_a INTEGER, stt_b INTEGER,
            ref_a TEXT NOT NULL, ref_b TEXT NOT NULL,
            score INTEGER NOT NULL,
            reasons TEXT NOT NULL,
            members TEXT NOT NULL DEFAULT '[]',
            checked_at TEXT NOT NULL
        );
        CREATE INDEX idx_quality_pairs_a ON quality_pairs (household_a);
        CREATE INDEX idx_quality_pairs_b ON quality_pairs (household_b);
        CREATE TABLE quality_issues (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
            nam_ra_soat INTEGER NOT NULL, ma_xa TEXT NOT NULL,
            check_code TEXT NOT NULL,
            members TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL,
            pair_id TEXT REFERENCES quality_pairs(id) ON DELETE CASCADE,
            other_household_id INTEGER,
            score INTEGER,
            accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
            checked_at TEXT NOT NULL
        );
        CREATE INDEX idx_quality_issues_household ON quality_issues (household_id, accepted);
        CREATE INDEX idx_quality_issues_scope ON quality_issues (nam_ra_soat, ma_xa, check_code);
        CREATE INDEX idx_quality_issues_pair ON quality_issues (pair_id);
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
