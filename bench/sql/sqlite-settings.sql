-- Settings for every sqlite3 shell the bench starts: no rollback journal and no fsync (a bench
-- database is thrown away on failure), a 1 GiB page cache and temporary tables in memory, so
-- SQLite is measured as a tuned local engine rather than a durable one.
.bail on
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA temp_store = MEMORY;
