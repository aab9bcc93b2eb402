-- A povdesk 0.1 database at schema m001_initial with one household (H001, 2 members).
-- Frozen: tests check that every later migration upgrades it without losing a row.
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'povdesk','m001_initial','2026-11-22 02:43:11.748246+00:00');
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
INSERT INTO "classifications" VALUES(1,'VN-2022','poor','1.2; 2.2; 4.1; 5.2',4,1450000,NULL,1500000,2250000,'nghèo: thu nhập 1.450.000 ≤ 1.500.000; thiếu hụt 4 chỉ số: 1.2, 2.2, 4.1, 5.2','{"khu_vuc": "nông thôn", "size": 2, "ngay_ra_soat": "2025-10-15", "thu_nhap_bq": 1450000}','2026-11-22T02:43:11+00:00');
CREATE TABLE communes (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            area TEXT NOT NULL CHECK (area IN ('nông thôn', 'thành thị'))
        );
INSERT INTO "communes" VALUES('12345','Xã Minh Hòa','nông thôn');
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
INSERT INTO "history" VALUES(1,1,1,'12345','H001',2025,NULL,'*',NULL,'tạo mới');
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
INSERT INTO "households" VALUES(1,'12345','H001',2025,1,'Xã Minh Hòa','Thôn Đông','nông thôn','2025-10-15','Trần Văn C','Nguyễn Văn Hoà',NULL,1450000,NULL,NULL,'không bền chắc','không bền chắc','bền chắc',20.0,'nước máy','không có',1,'tivi',NULL,NULL,'',NULL,'421a35e28ce4cff5df1181b6aa9be37e',1,'2026-11-22T02:43:11+00:00','2026-11-22T02:43:11+00:00');
CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
            stt INTEGER NOT NULL, ho_ten TEXT NOT NULL, quan_he TEXT NOT NULL,
            gioi_tinh TEXT NOT NULL, ngay_sinh TEXT NOT NULL, dan_toc TEXT NOT NULL,
            so_dinh_danh TEXT, viec_lam TEXT, kha_nang_lao_dong INTEGER, tro_cap_xa_hoi INTEGER,
            bhyt INTEGER, trinh_do TEXT, dang_di_hoc INTEGER, dinh_duong TEXT,
            UNIQUE (household_id, stt)
        );
INSERT INTO "members" VALUES(1,1,1,'Nguyễn Văn Hòa','chủ hộ','nam','1960','01',NULL,'tự làm nông nghiệp',NULL,NULL,0,'tiểu học',NULL,NULL);
INSERT INTO "members" VALUES(2,1,2,'Lê Thị Bình','vợ','nữ','1962','01','001162000123','không tham gia lao động',0,NULL,1,'tiểu học',NULL,NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO "meta" VALUES('app_version','0.1.0');
CREATE TABLE operations (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL
        );
INSERT INTO "operations" VALUES(1,'2026-11-22T02:43:11+00:00','admin','Lưu hộ','12345/H001/2025');
ANALYZE "sqlite_master";
CREATE TABLE villages (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL REFERENCES communes(code),
            name TEXT NOT NULL,
            UNIQUE (commune_code, name)
        );
INSERT INTO "villages" VALUES(1,'12345','Thôn Đông');
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
COMMIT;
