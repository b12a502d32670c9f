-- SQLite load for the sqlite3 command-line shell: typed tables (ISTAT codes stay text), then
-- .import of each CSV without its header. @DATA@ = data folder. The connection settings
-- (journal off, synchronous off) come from sqlite-settings.sql, read before every script.
CREATE TABLE comuni (istat_code TEXT, name TEXT, province_code TEXT, region_code TEXT, population INTEGER);
CREATE TABLE ambiti (ambito_code TEXT, istat_code TEXT);
CREATE TABLE spesa (istat_code TEXT, year INTEGER, area TEXT, intervention_code TEXT, management TEXT,
                    amount_eur REAL);
CREATE TABLE beneficiari (beneficiary_id TEXT, istat_code TEXT, year INTEGER, intervention_code TEXT, area TEXT,
                          amount_eur REAL, isee_band INTEGER, age_band TEXT);
.import --csv --skip 1 "@DATA@/comuni.csv" comuni
.import --csv --skip 1 "@DATA@/ambiti.csv" ambiti
.import --csv --skip 1 "@DATA@/spesa.csv" spesa
.import --csv --skip 1 "@DATA@/beneficiari.csv" beneficiari
