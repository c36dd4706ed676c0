-- A demo city (fostermatch demo-data --today 2026-11-25 --households 40 --needs 8, a November
-- 2026 batch run, one token) in the schema of migrations 0001-0002 as of commit 4e7f10e: the
-- previous release's database, frozen. tests/operations/upgrade_test.sh loads it with sqlite3.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180)
);
INSERT INTO regions VALUES('01101','中央区','Chuo',43.055500000000002103,141.34100000000000818);
INSERT INTO regions VALUES('01102','北区','Kita',43.090600000000002013,141.34069999999999822);
INSERT INTO regions VALUES('01103','東区','Higashi',43.076500000000002899,141.36340000000001282);
INSERT INTO regions VALUES('01104','白石区','Shiroishi',43.047800000000002286,141.40500000000000113);
INSERT INTO regions VALUES('01105','豊平区','Toyohira',43.03119999999999834,141.38040000000000873);
INSERT INTO regions VALUES('01106','南区','Minami',42.990600000000000592,141.35360000000000013);
INSERT INTO regions VALUES('01107','西区','Nishi',43.074399999999997135,141.30099999999998772);
INSERT INTO regions VALUES('01108','厚別区','Atsubetsu',43.036200000000000898,141.47499999999999431);
INSERT INTO regions VALUES('01109','手稲区','Teine',43.121899999999996565,141.24549999999999272);
INSERT INTO regions VALUES('01110','清田区','Kiyota',43.0,141.4439999999999884);
CREATE TABLE region_travel_minutes (
  from_code TEXT NOT NULL REFERENCES regions (code),
  to_code TEXT NOT NULL REFERENCES regions (code),
  minutes INTEGER NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (from_code, to_code)
);
CREATE TABLE agencies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO agencies VALUES(1,'さっぽろ里親支援センターみらい','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO agencies VALUES(2,'フォスタリングセンターひかり','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO agencies VALUES(3,'里親養育支援ネットきずな','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
CREATE TABLE agency_regions (
  agency_id BIGINT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  region_code TEXT NOT NULL REFERENCES regions (code),
  PRIMARY KEY (agency_id, region_code)
);
INSERT INTO agency_regions VALUES(1,'01101');
INSERT INTO agency_regions VALUES(1,'01105');
INSERT INTO agency_regions VALUES(1,'01107');
INSERT INTO agency_regions VALUES(1,'01109');
INSERT INTO agency_regions VALUES(2,'01104');
INSERT INTO agency_regions VALUES(2,'01106');
INSERT INTO agency_regions VALUES(2,'01108');
INSERT INTO agency_regions VALUES(2,'01110');
INSERT INTO agency_regions VALUES(3,'01102');
INSERT INTO agency_regions VALUES(3,'01103');
CREATE TABLE foster_parents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  household_name TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions (code),
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn')),
  registered_on TEXT NOT NULL,
  registration_expires_on TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 4),
  own_children INTEGER NOT NULL CHECK (own_children BETWEEN 0 AND 6),
  accepts_age_min INTEGER NOT NULL CHECK (accepts_age_min BETWEEN 0 AND 17),
  accepts_age_max INTEGER NOT NULL CHECK (accepts_age_max BETWEEN 0 AND 17),
  accepts_female INTEGER NOT NULL CHECK (accepts_female IN (0, 1)),
  accepts_male INTEGER NOT NULL CHECK (accepts_male IN (0, 1)),
  accepts_max_siblings INTEGER NOT NULL CHECK (accepts_max_siblings BETWEEN 1 AND 4),
  respite_only INTEGER NOT NULL CHECK (respite_only IN (0, 1)),
  notes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO foster_parents VALUES(1,2,'山本家','01110','active','2023-10-07','2027-10-06',1,0,0,12,0,1,1,0,'','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO foster_parents VALUES(2,2,'中島家','01110','active','2020-12-14','2030-12-13',3,1,2,11,1,1,3,0,'','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO foster_parents VALUES(3,1,'山田家','01107','active','2024-06-10','2029-06-09',2,1,0,15,1,1,2,0,'','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO foster_parents VALUES(4,1,'加藤家','01101','suspended','2021-02-27','2031-02-26',2,0,5,8,1,1,1,0,'','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO foster_parents VALUES(5,3,'森家','01102','active','2021-02-26','2031-02-25',3,0,7,14,1,1,1,0,'','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO foster_parents VALUES(6,2,'山下家','01110','suspended','2026-07-31','2031-07-30',2,0,0,12,0,1,1,0,'','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO foster_parents VALUES(7,3,'田中家','01102','active','2022-02-24','2027-02-23',2,2,0,9,1,1,2,1,'','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO foster_parents VALUES(8,1,'高橋家','01105','suspended','2021-06-18','2031-06-17',2,0,0,14,1,1,1,0,'','2026-11-25T21:47:01.305Z','2026-11-25T21:47:01.305Z');
INSERT INTO foster_parents VALUES(9,2,'中村家','01106','withdrawn','2019-12-12','2029-12-11',1,3,3,14,1,1,1,0,'','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO foster_parents VALUES(10,2,'山口家','01108','active','2019-02-14','2025-02-13',2,3,0,11,0,1,2,0,'','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO foster_parents VALUES(11,2,'石井家','01108','active','2023-01-13','2027-01-12',1,2,5,17,1,1,1,0,'','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO foster_parents VALUES(12,3,'山本家','01103','suspended','2021-06-12','2031-06-11',1,3,4,15,1,1,1,0,'','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO foster_parents VALUES(13,2,'佐藤家','01110','active','2023-09-18','2028-09-17',3,1,7,17,1,0,3,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(14,2,'森家','01108','active','2020-08-13','2030-08-12',1,2,0,15,1,1,1,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(15,3,'森家','01103','active','2020-09-13','2030-09-12',3,0,0,6,1,1,1,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(16,3,'加藤家','01103','active','2025-07-25','2030-07-24',3,3,0,6,1,1,3,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(17,1,'中村家','01105','active','2023-10-05','2028-10-04',3,0,0,4,1,1,1,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(18,2,'山崎家','01108','active','2024-12-03','2026-12-02',1,0,4,17,1,1,1,1,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(19,1,'山下家','01107','active','2016-08-17','2026-08-16',3,0,7,17,1,1,1,0,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO foster_parents VALUES(20,2,'森家','01110','active','2024-12-29','2029-12-28',3,0,0,6,1,1,1,0,'','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO foster_parents VALUES(21,3,'清水家','01102','withdrawn','2021-03-13','2027-03-12',3,0,4,7,1,1,2,0,'','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO foster_parents VALUES(22,1,'小林家','01107','active','2019-02-21','2027-02-20',2,0,3,10,1,1,1,0,'','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO foster_parents VALUES(23,3,'田中家','01103','active','2021-07-06','2026-07-05',3,0,2,9,1,1,1,1,'','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO foster_parents VALUES(24,2,'山下家','01104','active','2024-04-15','2029-04-14',2,0,5,12,1,1,1,0,'','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO foster_parents VALUES(25,2,'中島家','01104','active','2017-09-02','2027-09-01',1,1,0,12,1,1,1,0,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO foster_parents VALUES(26,3,'田中家','01102','active','2021-02-06','2027-02-05',1,1,4,17,1,1,1,0,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO foster_parents VALUES(27,2,'橋本家','01108','active','2019-10-10','2029-10-09',1,2,0,9,1,1,1,0,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO foster_parents VALUES(28,2,'山下家','01110','active','2025-03-09','2027-03-08',3,0,0,4,1,0,1,0,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO foster_parents VALUES(29,1,'山崎家','01101','active','2025-06-02','2027-06-01',1,2,7,16,1,1,1,0,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO foster_parents VALUES(30,2,'佐藤家','01108','active','2019-02-06','2029-02-05',2,0,0,12,1,1,2,0,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO foster_parents VALUES(31,1,'山本家','01101','active','2024-03-21','2029-03-20',2,0,0,4,1,1,2,0,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO foster_parents VALUES(32,2,'中村家','01104','active','2021-06-07','2031-06-06',1,0,6,10,1,1,1,0,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO foster_parents VALUES(33,3,'松本家','01103','active','2015-05-12','2020-05-11',3,1,0,3,1,1,3,0,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO foster_parents VALUES(34,3,'山口家','01102','active','2019-11-05','2029-11-04',3,0,0,13,1,1,1,0,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO foster_parents VALUES(35,3,'中村家','01103','active','2026-03-13','2031-03-12',2,0,0,10,1,0,2,0,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO foster_parents VALUES(36,1,'石川家','01107','active','2020-05-31','2030-05-30',1,0,0,9,1,1,1,0,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO foster_parents VALUES(37,2,'山崎家','01106','active','2024-07-25','2029-07-24',3,2,0,15,1,1,1,0,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO foster_parents VALUES(38,3,'橋本家','01102','active','2017-08-09','2027-08-08',1,1,0,9,1,1,1,0,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO foster_parents VALUES(39,1,'小林家','01105','active','2024-06-15','2029-06-14',2,2,0,11,1,1,1,0,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO foster_parents VALUES(40,3,'渡辺家','01103','active','2018-07-05','2028-07-04',3,1,0,5,1,1,1,0,'','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
CREATE TABLE foster_parent_types (
  foster_parent_id BIGINT NOT NULL REFERENCES foster_parents (id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('foster', 'specialized', 'adoptive', 'kinship')),
  PRIMARY KEY (foster_parent_id, type)
);
INSERT INTO foster_parent_types VALUES(1,'specialized');
INSERT INTO foster_parent_types VALUES(2,'foster');
INSERT INTO foster_parent_types VALUES(3,'foster');
INSERT INTO foster_parent_types VALUES(4,'foster');
INSERT INTO foster_parent_types VALUES(5,'foster');
INSERT INTO foster_parent_types VALUES(6,'foster');
INSERT INTO foster_parent_types VALUES(7,'foster');
INSERT INTO foster_parent_types VALUES(8,'foster');
INSERT INTO foster_parent_types VALUES(9,'foster');
INSERT INTO foster_parent_types VALUES(10,'specialized');
INSERT INTO foster_parent_types VALUES(11,'foster');
INSERT INTO foster_parent_types VALUES(11,'specialized');
INSERT INTO foster_parent_types VALUES(12,'foster');
INSERT INTO foster_parent_types VALUES(13,'adoptive');
INSERT INTO foster_parent_types VALUES(14,'foster');
INSERT INTO foster_parent_types VALUES(15,'foster');
INSERT INTO foster_parent_types VALUES(16,'foster');
INSERT INTO foster_parent_types VALUES(17,'foster');
INSERT INTO foster_parent_types VALUES(17,'adoptive');
INSERT INTO foster_parent_types VALUES(18,'foster');
INSERT INTO foster_parent_types VALUES(18,'specialized');
INSERT INTO foster_parent_types VALUES(19,'foster');
INSERT INTO foster_parent_types VALUES(20,'foster');
INSERT INTO foster_parent_types VALUES(21,'foster');
INSERT INTO foster_parent_types VALUES(21,'specialized');
INSERT INTO foster_parent_types VALUES(22,'foster');
INSERT INTO foster_parent_types VALUES(22,'specialized');
INSERT INTO foster_parent_types VALUES(23,'foster');
INSERT INTO foster_parent_types VALUES(24,'foster');
INSERT INTO foster_parent_types VALUES(25,'foster');
INSERT INTO foster_parent_types VALUES(25,'specialized');
INSERT INTO foster_parent_types VALUES(26,'foster');
INSERT INTO foster_parent_types VALUES(26,'specialized');
INSERT INTO foster_parent_types VALUES(27,'foster');
INSERT INTO foster_parent_types VALUES(28,'foster');
INSERT INTO foster_parent_types VALUES(28,'specialized');
INSERT INTO foster_parent_types VALUES(29,'foster');
INSERT INTO foster_parent_types VALUES(29,'specialized');
INSERT INTO foster_parent_types VALUES(30,'foster');
INSERT INTO foster_parent_types VALUES(31,'foster');
INSERT INTO foster_parent_types VALUES(32,'foster');
INSERT INTO foster_parent_types VALUES(33,'foster');
INSERT INTO foster_parent_types VALUES(34,'foster');
INSERT INTO foster_parent_types VALUES(35,'foster');
INSERT INTO foster_parent_types VALUES(36,'foster');
INSERT INTO foster_parent_types VALUES(37,'foster');
INSERT INTO foster_parent_types VALUES(38,'foster');
INSERT INTO foster_parent_types VALUES(39,'adoptive');
INSERT INTO foster_parent_types VALUES(40,'kinship');
CREATE TABLE foster_parent_accepted_needs (
  foster_parent_id BIGINT NOT NULL REFERENCES foster_parents (id) ON DELETE CASCADE,
  need TEXT NOT NULL CHECK (need IN ('disability', 'medical', 'behavioral', 'infant')),
  PRIMARY KEY (foster_parent_id, need)
);
INSERT INTO foster_parent_accepted_needs VALUES(1,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(1,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(1,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(3,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(6,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(7,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(8,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(10,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(10,'medical');
INSERT INTO foster_parent_accepted_needs VALUES(10,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(10,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(11,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(14,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(16,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(18,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(18,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(21,'medical');
INSERT INTO foster_parent_accepted_needs VALUES(21,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(22,'medical');
INSERT INTO foster_parent_accepted_needs VALUES(22,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(23,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(25,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(25,'medical');
INSERT INTO foster_parent_accepted_needs VALUES(25,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(25,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(26,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(26,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(28,'disability');
INSERT INTO foster_parent_accepted_needs VALUES(28,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(28,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(29,'medical');
INSERT INTO foster_parent_accepted_needs VALUES(29,'behavioral');
INSERT INTO foster_parent_accepted_needs VALUES(33,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(35,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(36,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(38,'infant');
INSERT INTO foster_parent_accepted_needs VALUES(39,'infant');
CREATE TABLE trainings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  foster_parent_id BIGINT NOT NULL REFERENCES foster_parents (id) ON DELETE CASCADE,
  external_id TEXT UNIQUE,
  course TEXT NOT NULL CHECK (course IN ('basic', 'pre_registration', 'renewal', 'specialized', 'practical', 'other')),
  completed_on TEXT NOT NULL,
  hours DOUBLE PRECISION NOT NULL CHECK (hours >= 0),
  provider TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'partial', 'failed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO trainings VALUES(1,1,'TP-1-1','basic','2023-08-17',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(2,1,'TP-1-2','pre_registration','2023-08-31',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(3,1,'TP-1-3','specialized','2023-09-16',48.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(4,1,'TP-1-4','renewal','2025-04-06',4.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(5,2,'TP-2-1','basic','2020-10-27',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(6,2,'TP-2-2','pre_registration','2020-11-10',12.0,'北海道里親会','completed','2026-11-25T21:47:01.298Z','2026-11-25T21:47:01.298Z');
INSERT INTO trainings VALUES(7,2,'TP-2-3','renewal','2025-10-13',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(8,2,'TP-2-4','practical','2025-04-28',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(9,3,'TP-3-1','basic','2024-03-16',6.0,'北海道里親会','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(10,3,'TP-3-2','pre_registration','2024-03-30',12.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(11,4,'TP-4-1','basic','2021-01-25',6.0,'北海道里親会','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(12,4,'TP-4-2','pre_registration','2021-02-08',12.0,'北海道里親会','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(13,4,'TP-4-3','renewal','2025-10-26',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(14,4,'TP-4-4','practical','2025-10-02',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.299Z','2026-11-25T21:47:01.299Z');
INSERT INTO trainings VALUES(15,5,'TP-5-1','basic','2021-01-23',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(16,5,'TP-5-2','pre_registration','2021-02-06',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(17,5,'TP-5-3','renewal','2025-10-25',4.0,'北海道里親会','partial','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(18,5,'TP-5-4','practical','2026-08-01',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(19,6,'TP-6-1','basic','2026-06-19',6.0,'北海道里親会','completed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(20,6,'TP-6-2','pre_registration','2026-07-03',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO trainings VALUES(21,6,'TP-6-3','practical','2026-09-12',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO trainings VALUES(22,7,'TP-7-1','basic','2021-12-25',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO trainings VALUES(23,7,'TP-7-2','pre_registration','2022-01-08',12.0,'北海道里親会','completed','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO trainings VALUES(24,8,'TP-8-1','basic','2021-04-07',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.305Z','2026-11-25T21:47:01.305Z');
INSERT INTO trainings VALUES(25,8,'TP-8-2','pre_registration','2021-04-21',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.305Z','2026-11-25T21:47:01.305Z');
INSERT INTO trainings VALUES(26,8,'TP-8-3','renewal','2026-03-17',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO trainings VALUES(27,9,'TP-9-1','basic','2019-09-28',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO trainings VALUES(28,9,'TP-9-2','pre_registration','2019-10-12',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO trainings VALUES(29,9,'TP-9-3','renewal','2024-10-11',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(30,10,'TP-10-1','basic','2018-10-26',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(31,10,'TP-10-2','pre_registration','2018-11-09',12.0,'北海道里親会','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(32,10,'TP-10-3','specialized','2018-11-25',48.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(33,10,'TP-10-4','renewal','2020-10-13',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(34,10,'TP-10-5','renewal','2022-08-13',4.0,'北海道里親会','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(35,10,'TP-10-6','practical','2026-08-20',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(36,11,'TP-11-1','basic','2022-10-23',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(37,11,'TP-11-2','pre_registration','2022-11-06',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(38,11,'TP-11-3','renewal','2024-11-12',4.0,'北海道里親会','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(39,11,'TP-11-4','practical','2024-12-29',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(40,11,'TP-11-5','practical','2025-01-12',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(41,11,'TP-11-6','practical','2025-10-24',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(42,12,'TP-12-1','basic','2021-03-17',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(43,12,'TP-12-2','pre_registration','2021-03-31',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(44,12,'TP-12-3','renewal','2025-12-11',4.0,'北海道里親会','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(45,12,'TP-12-4','practical','2024-05-20',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(46,12,'TP-12-5','practical','2026-08-27',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO trainings VALUES(47,13,'TP-13-1','basic','2023-07-29',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(48,13,'TP-13-2','pre_registration','2023-08-12',12.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(49,13,'TP-13-3','practical','2025-07-03',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(50,14,'TP-14-1','basic','2020-06-27',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(51,14,'TP-14-2','pre_registration','2020-07-11',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(52,14,'TP-14-3','renewal','2025-02-12',4.0,'フォスタリング機関研修','partial','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(53,15,'TP-15-1','basic','2020-08-09',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(54,15,'TP-15-2','pre_registration','2020-08-23',12.0,'北海道里親会','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(55,15,'TP-15-3','renewal','2025-08-12',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(56,15,'TP-15-4','practical','2026-02-15',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(57,15,'TP-15-5','practical','2023-09-26',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(58,16,'TP-16-1','basic','2025-04-22',6.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(59,16,'TP-16-2','pre_registration','2025-05-06',12.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(60,17,'TP-17-1','basic','2023-09-02',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(61,17,'TP-17-2','pre_registration','2023-09-16',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(62,18,'TP-18-1','basic','2024-10-14',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(63,18,'TP-18-2','pre_registration','2024-10-28',12.0,'北海道里親会','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(64,18,'TP-18-3','specialized','2024-11-13',48.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(65,19,'TP-19-1','basic','2016-07-16',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(66,19,'TP-19-2','pre_registration','2016-07-30',12.0,'北海道里親会','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(67,19,'TP-19-3','renewal','2021-03-16',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO trainings VALUES(68,20,'TP-20-1','basic','2024-10-19',6.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(69,20,'TP-20-2','pre_registration','2024-11-02',12.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(70,21,'TP-21-1','basic','2021-01-20',6.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(71,21,'TP-21-2','pre_registration','2021-02-03',12.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(72,21,'TP-21-3','specialized','2021-02-19',48.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(73,21,'TP-21-4','renewal','2023-01-12',4.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(74,21,'TP-21-5','renewal','2025-01-12',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(75,22,'TP-22-1','basic','2019-01-02',6.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(76,22,'TP-22-2','pre_registration','2019-01-16',12.0,'北海道里親会','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(77,22,'TP-22-3','specialized','2019-02-01',48.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(78,22,'TP-22-4','renewal','2020-11-20',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(79,22,'TP-22-5','renewal','2023-01-20',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(80,22,'TP-22-6','renewal','2024-09-20',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO trainings VALUES(81,22,'TP-22-7','practical','2026-09-18',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO trainings VALUES(82,23,'TP-23-1','basic','2021-05-14',6.0,'北海道里親会','completed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO trainings VALUES(83,23,'TP-23-2','pre_registration','2021-05-28',12.0,'北海道里親会','completed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO trainings VALUES(84,24,'TP-24-1','basic','2023-12-20',6.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO trainings VALUES(85,24,'TP-24-2','pre_registration','2024-01-03',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(86,25,'TP-25-1','basic','2017-06-13',6.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(87,25,'TP-25-2','pre_registration','2017-06-27',12.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(88,25,'TP-25-3','specialized','2017-07-13',48.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(89,25,'TP-25-4','renewal','2019-06-01',4.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(90,25,'TP-25-5','renewal','2021-06-01',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(91,25,'TP-25-6','renewal','2023-07-01',4.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(92,25,'TP-25-7','renewal','2025-06-01',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(93,26,'TP-26-1','basic','2020-10-17',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(94,26,'TP-26-2','pre_registration','2020-10-31',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(95,26,'TP-26-3','specialized','2020-11-16',48.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(96,26,'TP-26-4','renewal','2022-09-05',4.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(97,26,'TP-26-5','renewal','2024-12-05',4.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(98,26,'TP-26-6','practical','2023-09-04',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(99,26,'TP-26-7','practical','2024-12-13',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(100,26,'TP-26-8','practical','2025-12-05',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(101,27,'TP-27-1','basic','2019-08-24',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(102,27,'TP-27-2','pre_registration','2019-09-07',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(103,27,'TP-27-3','renewal','2024-09-09',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(104,28,'TP-28-1','basic','2024-11-13',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(105,28,'TP-28-2','pre_registration','2024-11-27',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(106,28,'TP-28-3','specialized','2024-12-13',48.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(107,28,'TP-28-4','practical','2026-02-09',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(108,29,'TP-29-1','basic','2025-02-08',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(109,29,'TP-29-2','pre_registration','2025-02-22',12.0,'北海道里親会','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(110,29,'TP-29-3','specialized','2025-03-10',48.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO trainings VALUES(111,30,'TP-30-1','basic','2018-12-06',6.0,'北海道里親会','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(112,30,'TP-30-2','pre_registration','2018-12-20',12.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(113,30,'TP-30-3','renewal','2023-08-05',4.0,'北海道里親会','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(114,31,'TP-31-1','basic','2024-01-08',6.0,'北海道里親会','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(115,31,'TP-31-2','pre_registration','2024-01-22',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(116,32,'TP-32-1','basic','2021-03-19',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(117,32,'TP-32-2','pre_registration','2021-04-02',12.0,'北海道里親会','partial','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(118,32,'TP-32-3','renewal','2026-03-06',4.0,'北海道里親会','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(119,33,'TP-33-1','basic','2015-04-11',6.0,'北海道里親会','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(120,33,'TP-33-2','pre_registration','2015-04-25',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO trainings VALUES(121,34,'TP-34-1','basic','2019-07-09',6.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.337Z','2026-11-25T21:47:01.337Z');
INSERT INTO trainings VALUES(122,34,'TP-34-2','pre_registration','2019-07-23',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.337Z','2026-11-25T21:47:01.337Z');
INSERT INTO trainings VALUES(123,34,'TP-34-3','renewal','2024-08-04',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.337Z','2026-11-25T21:47:01.337Z');
INSERT INTO trainings VALUES(124,35,'TP-35-1','basic','2026-01-04',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(125,35,'TP-35-2','pre_registration','2026-01-18',12.0,'北海道里親会','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(126,36,'TP-36-1','basic','2020-02-17',6.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(127,36,'TP-36-2','pre_registration','2020-03-02',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(128,36,'TP-36-3','renewal','2025-01-30',4.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(129,36,'TP-36-4','practical','2025-07-03',18.0,'里親トレーニング事業','partial','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(130,37,'TP-37-1','basic','2024-04-21',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(131,37,'TP-37-2','pre_registration','2024-05-05',12.0,'北海道里親会','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(132,38,'TP-38-1','basic','2017-07-06',6.0,'北海道里親会','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(133,38,'TP-38-2','pre_registration','2017-07-20',12.0,'札幌市児童相談所','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(134,38,'TP-38-3','renewal','2022-05-08',4.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(135,38,'TP-38-4','practical','2024-05-22',18.0,'里親トレーニング事業','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(136,39,'TP-39-1','basic','2024-02-29',6.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(137,39,'TP-39-2','pre_registration','2024-03-14',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO trainings VALUES(138,40,'TP-40-1','basic','2018-04-23',6.0,'北海道里親会','completed','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO trainings VALUES(139,40,'TP-40-2','pre_registration','2018-05-07',12.0,'フォスタリング機関研修','completed','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO trainings VALUES(140,40,'TP-40-3','renewal','2023-05-04',4.0,'北海道里親会','completed','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
CREATE TABLE needs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_ref TEXT NOT NULL UNIQUE,
  region_code TEXT NOT NULL REFERENCES regions (code),
  child_age_years INTEGER NOT NULL CHECK (child_age_years BETWEEN 0 AND 17),
  child_sex TEXT NOT NULL CHECK (child_sex IN ('female', 'male')),
  siblings INTEGER NOT NULL CHECK (siblings BETWEEN 1 AND 4),
  kind TEXT NOT NULL CHECK (kind IN ('long_term', 'short_term', 'respite', 'temporary')),
  requires_type TEXT CHECK (requires_type IN ('foster', 'specialized', 'adoptive', 'kinship')),
  earliest_start TEXT NOT NULL,
  urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  status TEXT NOT NULL CHECK (status IN ('open', 'proposed', 'placed', 'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO needs VALUES(1,'C-2022-0001','01102',7,'female',1,'respite',NULL,'2022-01-26',3,'placed','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO needs VALUES(2,'C-2023-0002','01102',7,'male',1,'respite',NULL,'2023-08-24',3,'placed','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO needs VALUES(3,'C-2023-0003','01105',14,'male',1,'short_term',NULL,'2023-11-18',2,'placed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO needs VALUES(4,'C-2024-0004','01105',10,'female',1,'short_term',NULL,'2024-04-08',1,'placed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO needs VALUES(5,'C-2024-0005','01105',14,'female',1,'long_term',NULL,'2024-08-15',1,'placed','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO needs VALUES(6,'C-2022-0006','01103',4,'male',1,'long_term',NULL,'2022-05-12',3,'placed','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO needs VALUES(7,'C-2026-0007','01103',4,'female',1,'long_term',NULL,'2026-02-27',3,'placed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO needs VALUES(8,'C-2022-0008','01103',6,'male',1,'long_term',NULL,'2022-11-13',3,'placed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO needs VALUES(9,'C-2017-0009','01107',13,'male',1,'long_term',NULL,'2017-04-17',1,'placed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO needs VALUES(10,'C-2020-0010','01107',9,'male',1,'long_term',NULL,'2020-09-05',1,'placed','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO needs VALUES(11,'C-2024-0011','01107',12,'male',1,'temporary',NULL,'2024-09-10',3,'placed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO needs VALUES(12,'C-2025-0012','01110',6,'female',1,'long_term',NULL,'2025-07-29',3,'placed','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO needs VALUES(13,'C-2020-0013','01107',6,'male',1,'short_term',NULL,'2020-02-21',1,'placed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO needs VALUES(14,'C-2023-0014','01107',3,'male',1,'short_term',NULL,'2023-03-13',3,'placed','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO needs VALUES(15,'C-2023-0015','01102',11,'male',1,'long_term',NULL,'2023-08-06',1,'placed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO needs VALUES(16,'C-2026-0016','01101',16,'male',1,'long_term',NULL,'2026-05-02',3,'placed','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO needs VALUES(17,'C-2020-0017','01108',12,'male',1,'long_term',NULL,'2020-09-06',3,'placed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO needs VALUES(18,'C-2022-0018','01104',6,'male',1,'long_term',NULL,'2022-10-07',3,'placed','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO needs VALUES(19,'C-2020-0019','01102',11,'male',1,'long_term',NULL,'2020-11-05',2,'placed','2026-11-25T21:47:01.337Z','2026-11-25T21:47:01.337Z');
INSERT INTO needs VALUES(20,'C-2022-0020','01107',9,'female',1,'long_term',NULL,'2022-04-30',2,'placed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO needs VALUES(21,'C-2026-0021','01107',5,'male',1,'short_term',NULL,'2026-05-10',3,'placed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO needs VALUES(22,'C-2019-0022','01102',9,'female',1,'long_term',NULL,'2019-08-09',1,'placed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO needs VALUES(23,'C-2023-0023','01102',8,'male',1,'short_term',NULL,'2023-09-16',2,'placed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO needs VALUES(24,'C-2025-0024','01105',2,'male',1,'long_term',NULL,'2025-03-15',2,'placed','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO needs VALUES(25,'C-2018-0025','01103',3,'female',1,'long_term',NULL,'2018-09-05',1,'placed','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(26,'C-2026-0026','01108',8,'female',1,'short_term',NULL,'2026-10-09',1,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(27,'C-2026-0027','01102',6,'female',1,'short_term',NULL,'2026-11-30',2,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(28,'C-2026-0028','01103',5,'female',3,'long_term',NULL,'2026-12-28',3,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(29,'C-2026-0029','01108',13,'male',1,'respite',NULL,'2026-09-25',2,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(30,'C-2026-0030','01107',6,'male',1,'long_term',NULL,'2026-10-12',3,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(31,'C-2027-0031','01105',4,'female',1,'long_term',NULL,'2027-01-03',2,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(32,'C-2026-0032','01101',8,'male',1,'short_term',NULL,'2026-10-11',1,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO needs VALUES(33,'C-2027-0033','01108',4,'male',1,'long_term',NULL,'2027-01-05',3,'open','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
CREATE TABLE need_categories (
  need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  category TEXT NOT NULL CHECK (category IN ('disability', 'medical', 'behavioral', 'infant')),
  PRIMARY KEY (need_id, category)
);
INSERT INTO need_categories VALUES(26,'behavioral');
INSERT INTO need_categories VALUES(28,'disability');
INSERT INTO need_categories VALUES(29,'behavioral');
INSERT INTO need_categories VALUES(32,'disability');
CREATE TABLE need_shared_with (
  need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  PRIMARY KEY (need_id, agency_id)
);
CREATE TABLE placements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  need_id BIGINT NOT NULL REFERENCES needs (id),
  foster_parent_id BIGINT NOT NULL REFERENCES foster_parents (id),
  children INTEGER NOT NULL CHECK (children BETWEEN 1 AND 4),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  outcome TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO placements VALUES(1,1,5,1,'2022-01-26',NULL,'','2026-11-25T21:47:01.300Z','2026-11-25T21:47:01.300Z');
INSERT INTO placements VALUES(2,2,7,1,'2023-08-24',NULL,'','2026-11-25T21:47:01.301Z','2026-11-25T21:47:01.301Z');
INSERT INTO placements VALUES(3,3,8,1,'2023-11-18','2024-03-08','reunified','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO placements VALUES(4,4,8,1,'2024-04-08','2024-07-15','adopted','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO placements VALUES(5,5,8,1,'2024-08-15',NULL,'','2026-11-25T21:47:01.306Z','2026-11-25T21:47:01.306Z');
INSERT INTO placements VALUES(6,6,12,1,'2022-05-12','2023-09-27','reunified','2026-11-25T21:47:01.307Z','2026-11-25T21:47:01.307Z');
INSERT INTO placements VALUES(7,7,12,1,'2026-02-27',NULL,'','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO placements VALUES(8,8,15,1,'2022-11-13','2025-01-31','independent','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO placements VALUES(9,9,19,1,'2017-04-17','2018-08-05','adopted','2026-11-25T21:47:01.308Z','2026-11-25T21:47:01.308Z');
INSERT INTO placements VALUES(10,10,19,1,'2020-09-05','2024-01-10','adopted','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO placements VALUES(11,11,19,1,'2024-09-10','2025-01-25','moved','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO placements VALUES(12,12,20,1,'2025-07-29',NULL,'','2026-11-25T21:47:01.309Z','2026-11-25T21:47:01.309Z');
INSERT INTO placements VALUES(13,13,22,1,'2020-02-21','2020-06-13','adopted','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO placements VALUES(14,14,22,1,'2023-03-13',NULL,'','2026-11-25T21:47:01.327Z','2026-11-25T21:47:01.327Z');
INSERT INTO placements VALUES(15,15,26,1,'2023-08-06',NULL,'','2026-11-25T21:47:01.328Z','2026-11-25T21:47:01.328Z');
INSERT INTO placements VALUES(16,16,29,1,'2026-05-02',NULL,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO placements VALUES(17,17,30,1,'2020-09-06','2024-04-26','adopted','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO placements VALUES(18,18,32,1,'2022-10-07',NULL,'','2026-11-25T21:47:01.329Z','2026-11-25T21:47:01.329Z');
INSERT INTO placements VALUES(19,19,34,1,'2020-11-05',NULL,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO placements VALUES(20,20,36,1,'2022-04-30','2023-06-10','reunified','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO placements VALUES(21,21,36,1,'2026-05-10',NULL,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO placements VALUES(22,22,38,1,'2019-08-09','2021-05-16','adopted','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO placements VALUES(23,23,38,1,'2023-09-16',NULL,'','2026-11-25T21:47:01.338Z','2026-11-25T21:47:01.338Z');
INSERT INTO placements VALUES(24,24,39,1,'2025-03-15',NULL,'','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
INSERT INTO placements VALUES(25,25,40,1,'2018-09-05',NULL,'','2026-11-25T21:47:01.339Z','2026-11-25T21:47:01.339Z');
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'agency', 'trainer')),
  agency_id BIGINT REFERENCES agencies (id),
  disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'agency', 'trainer')),
  agency_id BIGINT REFERENCES agencies (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
INSERT INTO api_tokens VALUES(1,'0cb4f80cb040f1bfb2cf516e8a882e9a669c299556f08eeb89c0e2dae7abbe86','admin',NULL,'v0.1 token','2026-11-25T21:47:01.557Z',NULL);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail TEXT NOT NULL
);
INSERT INTO audit_log VALUES(1,'2026-11-25T21:47:01.464Z','cli','run','match_run','2026-11','6 proposals');
INSERT INTO audit_log VALUES(2,'2026-11-25T21:47:01.577Z','cli','create','api_token','1','role admin');
CREATE TABLE match_runs (
  month TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  report TEXT NOT NULL
);
INSERT INTO match_runs VALUES('2026-11','2026-11-25T21:47:01.463Z','{"month":"2026-11","today":"2026-11-25","created_at":"2026-11-25T21:47:01.463Z","agencies":[{"id":1,"name":"さっぽろ里親支援センターみらい"},{"id":2,"name":"フォスタリングセンターひかり"},{"id":3,"name":"里親養育支援ネットきずな"}],"policy":{"top_k":20,"weight_proximity":3.5E-1,"weight_readiness":2.5E-1,"weight_waiting":2.5E-1,"weight_fit":1.5E-1,"long_unplaced_months":12},"summary":{"open_needs":8,"proposals":6,"unassigned":2,"total_score":4.2388E2,"homes":40,"arcs":17,"components":4,"flow_problems_solved":4,"proven_optimal":true,"optimality_gap":0E0,"assignment_budget":2000,"seconds":1E-3},"proposals":[],"unassigned":[{"need_id":28,"case_ref":"C-2026-0028","region":"01103","reason":"no_eligible_home","evaluated":40,"eligible":0,"excluded":{"no_capacity":3,"not_active":6,"registration_expired":1,"respite_only":2,"too_many_siblings":1,"training_incomplete":3,"type_mismatch":24}},{"need_id":32,"case_ref":"C-2026-0032","region":"01101","reason":"eligible_homes_taken","evaluated":40,"eligible":2,"excluded":{"age_out_of_range":1,"no_capacity":2,"not_active":6,"registration_expired":1,"respite_only":2,"training_incomplete":2,"type_mismatch":24}}],"long_unplaced":{"1":[{"foster_parent_id":17,"agency_id":1,"household_name":"中村家","region":"01105","types":["foster","adoptive"],"months_unplaced":37,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 0〜6 歳に広げる（現在 0〜4 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 0-6 (now 0-4) would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":31,"agency_id":1,"household_name":"山本家","region":"01101","types":["foster"],"months_unplaced":32,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 0〜6 歳に広げる（現在 0〜4 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 0-6 (now 0-4) would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":3,"agency_id":1,"household_name":"山田家","region":"01107","types":["foster"],"months_unplaced":29,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":2,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"disability","needs_unlocked":1,"ja":"障害のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with disability needs would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":19,"agency_id":1,"household_name":"山下家","region":"01107","types":["foster"],"months_unplaced":22,"last_placement_ended_on":"2025-01-25","readiness":{"score":30,"ready":false,"missing":[{"hard":true,"ja":"登録の有効期限（2026-08-16）が切れています。登録の更新手続きが必要です","en":"registration expired on 2026-08-16; the registration must be renewed"},{"hard":true,"ja":"更新研修の受講記録がありません（2021-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2021-11-25)"},{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":0,"unlocks":[],"next_step":{"code":"renew_registration","ja":"登録更新の手続きを案内する","en":"help the household renew its registration"}}],"2":[{"foster_parent_id":2,"agency_id":2,"household_name":"中島家","region":"01110","types":["foster"],"months_unplaced":71,"last_placement_ended_on":null,"readiness":{"score":100,"ready":true,"missing":[]},"eligible_now":1,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"behavioral","needs_unlocked":1,"ja":"行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with behavioral needs would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"home_visit","ja":"家庭訪問で近況を確認し、次回のマッチング会議で推薦する","en":"visit the household and put it forward at the next matching meeting"}},{"foster_parent_id":13,"agency_id":2,"household_name":"佐藤家","region":"01110","types":["adoptive"],"months_unplaced":38,"last_placement_ended_on":null,"readiness":{"score":100,"ready":true,"missing":[]},"eligible_now":0,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"home_visit","ja":"家庭訪問で近況を確認し、次回のマッチング会議で推薦する","en":"visit the household and put it forward at the next matching meeting"}},{"foster_parent_id":28,"agency_id":2,"household_name":"山下家","region":"01110","types":["foster","specialized"],"months_unplaced":20,"last_placement_ended_on":null,"readiness":{"score":100,"ready":true,"missing":[{"hard":false,"ja":"更新研修を 2027-03-08 までに受講してください","en":"renewal training due by 2027-03-08"}]},"eligible_now":0,"unlocks":[{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 0〜8 歳に広げる（現在 0〜4 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 0-8 (now 0-4) would make this home a candidate for 1 of today''s open needs"},{"kind":"both_sexes","need":null,"needs_unlocked":1,"ja":"性別を問わず受け入れると、現在の委託ニーズ 1 件の候補になります","en":"Accepting girls and boys would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"review_preferences","ja":"家庭訪問で受入条件（年齢・ニーズ等）の見直しを話し合う","en":"visit the household to review its preferences (ages, needs)"}},{"foster_parent_id":11,"agency_id":2,"household_name":"石井家","region":"01108","types":["foster","specialized"],"months_unplaced":46,"last_placement_ended_on":null,"readiness":{"score":85,"ready":false,"missing":[{"hard":false,"ja":"専門里親研修が未修了です","en":"specialized foster parent training (専門里親研修) not completed"},{"hard":true,"ja":"更新研修の受講記録がありません（2024-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2024-11-25)"}]},"eligible_now":0,"unlocks":[{"kind":"renewal_training","need":null,"needs_unlocked":2,"ja":"更新研修を受講すると、現在の委託ニーズ 2 件の候補になります","en":"Completing renewal training would make this home a candidate for 2 of today''s open needs"},{"kind":"specialized_training","need":null,"needs_unlocked":2,"ja":"専門里親研修を修了すると、現在の委託ニーズ 2 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 2 of today''s open needs"}],"next_step":{"code":"renewal_training","ja":"更新研修の受講を案内する","en":"arrange renewal training"}},{"foster_parent_id":10,"agency_id":2,"household_name":"山口家","region":"01108","types":["specialized"],"months_unplaced":93,"last_placement_ended_on":null,"readiness":{"score":70,"ready":false,"missing":[{"hard":true,"ja":"登録の有効期限（2025-02-13）が切れています。登録の更新手続きが必要です","en":"registration expired on 2025-02-13; the registration must be renewed"},{"hard":true,"ja":"更新研修の受講記録がありません（2024-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2024-11-25)"}]},"eligible_now":0,"unlocks":[],"next_step":{"code":"renew_registration","ja":"登録更新の手続きを案内する","en":"help the household renew its registration"}},{"foster_parent_id":25,"agency_id":2,"household_name":"中島家","region":"01104","types":["foster","specialized"],"months_unplaced":110,"last_placement_ended_on":null,"readiness":{"score":65,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 4 時間です（推奨 12 時間）","en":"only 4 training hours in the last 24 months (12 recommended)"}]},"eligible_now":2,"unlocks":[{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 0〜13 歳に広げる（現在 0〜12 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 0-13 (now 0-12) would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":1,"agency_id":2,"household_name":"山本家","region":"01110","types":["specialized"],"months_unplaced":37,"last_placement_ended_on":null,"readiness":{"score":65,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 4 時間です（推奨 12 時間）","en":"only 4 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 0〜13 歳に広げる（現在 0〜12 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 0-13 (now 0-12) would make this home a candidate for 1 of today''s open needs"},{"kind":"both_sexes","need":null,"needs_unlocked":1,"ja":"性別を問わず受け入れると、現在の委託ニーズ 1 件の候補になります","en":"Accepting girls and boys would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":27,"agency_id":2,"household_name":"橋本家","region":"01108","types":["foster"],"months_unplaced":85,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"behavioral","needs_unlocked":1,"ja":"行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with behavioral needs would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":24,"agency_id":2,"household_name":"山下家","region":"01104","types":["foster"],"months_unplaced":31,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":0,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"behavioral","needs_unlocked":1,"ja":"行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with behavioral needs would make this home a candidate for 1 of today''s open needs"},{"kind":"wider_age_range","need":null,"needs_unlocked":1,"ja":"受入年齢を 4〜12 歳に広げる（現在 5〜12 歳）と、現在の委託ニーズ 1 件の候補になります","en":"Accepting ages 4-12 (now 5-12) would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":30,"agency_id":2,"household_name":"佐藤家","region":"01108","types":["foster"],"months_unplaced":30,"last_placement_ended_on":"2024-04-26","readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"behavioral","needs_unlocked":1,"ja":"行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with behavioral needs would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":37,"agency_id":2,"household_name":"山崎家","region":"01106","types":["foster"],"months_unplaced":28,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":2,"ja":"専門里親研修を修了すると、現在の委託ニーズ 2 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 2 of today''s open needs"},{"kind":"accept_need","need":"behavioral","needs_unlocked":2,"ja":"行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 2 件の候補になります","en":"Accepting children with behavioral needs would make this home a candidate for 2 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":18,"agency_id":2,"household_name":"山崎家","region":"01108","types":["foster","specialized"],"months_unplaced":23,"last_placement_ended_on":null,"readiness":{"score":60,"ready":true,"missing":[{"hard":false,"ja":"更新研修を 2026-12-02 までに受講してください","en":"renewal training due by 2026-12-02"},{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":1,"unlocks":[{"kind":"not_respite_only","need":null,"needs_unlocked":1,"ja":"レスパイト以外の委託も受け入れると、現在の委託ニーズ 1 件の候補になります","en":"Accepting placements other than respite would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":14,"agency_id":2,"household_name":"森家","region":"01108","types":["foster"],"months_unplaced":75,"last_placement_ended_on":null,"readiness":{"score":50,"ready":false,"missing":[{"hard":true,"ja":"更新研修の受講記録がありません（2021-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2021-11-25)"},{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 4 時間です（推奨 12 時間）","en":"only 4 training hours in the last 24 months (12 recommended)"}]},"eligible_now":0,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":3,"ja":"専門里親研修を修了すると、現在の委託ニーズ 3 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 3 of today''s open needs"},{"kind":"renewal_training","need":null,"needs_unlocked":1,"ja":"更新研修を受講すると、現在の委託ニーズ 1 件の候補になります","en":"Completing renewal training would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"renewal_training","ja":"更新研修の受講を案内する","en":"arrange renewal training"}}],"3":[{"foster_parent_id":15,"agency_id":3,"household_name":"森家","region":"01103","types":["foster"],"months_unplaced":21,"last_placement_ended_on":"2025-01-31","readiness":{"score":100,"ready":true,"missing":[]},"eligible_now":1,"unlocks":[],"next_step":{"code":"home_visit","ja":"家庭訪問で近況を確認し、次回のマッチング会議で推薦する","en":"visit the household and put it forward at the next matching meeting"}},{"foster_parent_id":16,"agency_id":3,"household_name":"加藤家","region":"01103","types":["foster"],"months_unplaced":16,"last_placement_ended_on":null,"readiness":{"score":76,"ready":true,"missing":[{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"}]},"eligible_now":1,"unlocks":[{"kind":"specialized_training","need":null,"needs_unlocked":1,"ja":"専門里親研修を修了すると、現在の委託ニーズ 1 件の候補になります","en":"Completing specialized foster parent training would make this home a candidate for 1 of today''s open needs"},{"kind":"accept_need","need":"disability","needs_unlocked":1,"ja":"障害のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります","en":"Accepting children with disability needs would make this home a candidate for 1 of today''s open needs"}],"next_step":{"code":"practical_training","ja":"里親トレーニング事業の実地研修を案内する","en":"arrange practical training through the trainer program"}},{"foster_parent_id":33,"agency_id":3,"household_name":"松本家","region":"01103","types":["foster"],"months_unplaced":138,"last_placement_ended_on":null,"readiness":{"score":30,"ready":false,"missing":[{"hard":true,"ja":"登録の有効期限（2020-05-11）が切れています。登録の更新手続きが必要です","en":"registration expired on 2020-05-11; the registration must be renewed"},{"hard":true,"ja":"更新研修の受講記録がありません（2021-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2021-11-25)"},{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":0,"unlocks":[],"next_step":{"code":"renew_registration","ja":"登録更新の手続きを案内する","en":"help the household renew its registration"}},{"foster_parent_id":23,"agency_id":3,"household_name":"田中家","region":"01103","types":["foster"],"months_unplaced":64,"last_placement_ended_on":null,"readiness":{"score":30,"ready":false,"missing":[{"hard":true,"ja":"登録の有効期限（2026-07-05）が切れています。登録の更新手続きが必要です","en":"registration expired on 2026-07-05; the registration must be renewed"},{"hard":true,"ja":"更新研修の受講記録がありません（2021-11-25 以降）。更新研修の受講が必要です","en":"renewal training missing (none since 2021-11-25)"},{"hard":false,"ja":"実地研修（トレーニング）の受講記録がありません","en":"no practical training on record"},{"hard":false,"ja":"過去24か月の研修時間は 0 時間です（推奨 12 時間）","en":"only 0 training hours in the last 24 months (12 recommended)"}]},"eligible_now":0,"unlocks":[],"next_step":{"code":"renew_registration","ja":"登録更新の手続きを案内する","en":"help the household renew its registration"}}]},"statistics":{"households":{"registered":38,"placed":14,"rate":3.68E-1},"placement_rate":3.68E-1,"by_region":[{"code":"01101","name_ja":"中央区","name_en":"Chuo","tally":{"registered":3,"placed":1,"rate":3.33E-1}},{"code":"01102","name_ja":"北区","name_en":"Kita","tally":{"registered":5,"placed":5,"rate":1E0}},{"code":"01103","name_ja":"東区","name_en":"Higashi","tally":{"registered":7,"placed":2,"rate":2.86E-1}},{"code":"01104","name_ja":"白石区","name_en":"Shiroishi","tally":{"registered":3,"placed":1,"rate":3.33E-1}},{"code":"01105","name_ja":"豊平区","name_en":"Toyohira","tally":{"registered":3,"placed":2,"rate":6.67E-1}},{"code":"01106","name_ja":"南区","name_en":"Minami","tally":{"registered":1,"placed":0,"rate":0E0}},{"code":"01107","name_ja":"西区","name_en":"Nishi","tally":{"registered":4,"placed":2,"rate":5E-1}},{"code":"01108","name_ja":"厚別区","name_en":"Atsubetsu","tally":{"registered":6,"placed":0,"rate":0E0}},{"code":"01109","name_ja":"手稲区","name_en":"Teine","tally":{"registered":0,"placed":0,"rate":0E0}},{"code":"01110","name_ja":"清田区","name_en":"Kiyota","tally":{"registered":6,"placed":1,"rate":1.67E-1}}],"by_agency":[{"agency_id":1,"name":"さっぽろ里親支援センターみらい","tally":{"registered":10,"placed":5,"rate":5E-1}},{"agency_id":2,"name":"フォスタリングセンターひかり","tally":{"registered":16,"placed":2,"rate":1.25E-1}},{"agency_id":3,"name":"里親養育支援ネットきずな","tally":{"registered":12,"placed":7,"rate":5.83E-1}}],"by_type":{"adoptive":{"registered":3,"placed":1,"rate":3.33E-1},"foster":{"registered":33,"placed":12,"rate":3.64E-1},"kinship":{"registered":1,"placed":1,"rate":1E0},"specialized":{"registered":9,"placed":3,"rate":3.33E-1}},"month_over_month":{"previous_month":null,"previous_rate":null,"change_points":null},"needs_open_over_30_days":4,"needs_open_over_90_days":0,"registrations_expiring_within_90_days":5,"renewal_training_due_within_90_days":3,"previous_proposals":{"month":null,"accepted":0,"declined":0,"declines_by_reason":{}}},"responses":{"month":null,"accepted":0,"declined":0,"declines_by_reason":{}}}');
CREATE TABLE match_proposals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  month TEXT NOT NULL REFERENCES match_runs (month) ON DELETE CASCADE,
  need_id BIGINT NOT NULL REFERENCES needs (id),
  foster_parent_id BIGINT NOT NULL REFERENCES foster_parents (id),
  score DOUBLE PRECISION NOT NULL,
  response TEXT CHECK (response IN ('accept', 'decline')),
  response_reason TEXT,
  responded_at TEXT
, response_note TEXT, responded_by TEXT);
INSERT INTO match_proposals VALUES(1,'2026-11',26,25,62.340000000000003409,NULL,NULL,NULL,NULL,NULL);
INSERT INTO match_proposals VALUES(2,'2026-11',27,15,77.920000000000001704,NULL,NULL,NULL,NULL,NULL);
INSERT INTO match_proposals VALUES(3,'2026-11',29,18,59.310000000000002275,NULL,NULL,NULL,NULL,NULL);
INSERT INTO match_proposals VALUES(4,'2026-11',30,3,66.760000000000005115,NULL,NULL,NULL,NULL,NULL);
INSERT INTO match_proposals VALUES(5,'2026-11',31,17,70.0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO match_proposals VALUES(6,'2026-11',33,2,87.549999999999997156,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE schema_migrations ( version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_init','2026-11-25T21:47:01.275Z');
INSERT INTO schema_migrations VALUES(2,'0002_proposal_responses','2026-11-25T21:47:01.290Z');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('agencies',3);
INSERT INTO sqlite_sequence VALUES('foster_parents',40);
INSERT INTO sqlite_sequence VALUES('trainings',140);
INSERT INTO sqlite_sequence VALUES('needs',33);
INSERT INTO sqlite_sequence VALUES('placements',25);
INSERT INTO sqlite_sequence VALUES('api_tokens',1);
INSERT INTO sqlite_sequence VALUES('audit_log',2);
INSERT INTO sqlite_sequence VALUES('match_proposals',6);
INSERT INTO sqlite_sequence VALUES('agencies',3);
INSERT INTO sqlite_sequence VALUES('foster_parents',40);
INSERT INTO sqlite_sequence VALUES('trainings',140);
INSERT INTO sqlite_sequence VALUES('needs',33);
INSERT INTO sqlite_sequence VALUES('placements',25);
INSERT INTO sqlite_sequence VALUES('match_proposals',6);
INSERT INTO sqlite_sequence VALUES('audit_log',2);
INSERT INTO sqlite_sequence VALUES('api_tokens',1);
CREATE INDEX foster_parents_agency ON foster_parents (agency_id, id);
CREATE INDEX foster_parents_region ON foster_parents (region_code, id);
CREATE INDEX trainings_foster_parent ON trainings (foster_parent_id, completed_on);
CREATE INDEX needs_status ON needs (status, id);
CREATE INDEX placements_foster_parent ON placements (foster_parent_id, started_on);
CREATE INDEX placements_need ON placements (need_id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX match_proposals_month ON match_proposals (month, need_id);
CREATE INDEX match_proposals_foster_parent ON match_proposals (foster_parent_id);
COMMIT;
