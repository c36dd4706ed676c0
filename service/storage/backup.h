#pragma once

// Backing up and restoring a SQLite database file. PostgreSQL has pg_dump and pg_restore
// (README "Operations"); these refuse it.

#include <string>

#include "service/storage/database.h"

namespace fostermatch::storage {

// Writes a consistent copy of the open SQLite database to `file` (VACUUM INTO: one read
// transaction, so it is safe while a server writes). Throws StorageError for PostgreSQL or if
// `file` exists.
void Backup(Database& db, const std::string& file);

// Checks that `file` is a whole fostermatch SQLite database (PRAGMA integrity_check) and returns
// its schema version (the highest applied migration). Opens it read-only. Throws StorageError
// naming what is wrong: unreadable, corrupt, or not a fostermatch database.
int CheckSqliteBackup(const std::string& file);

// True if another process has the SQLite database at `path` open: every connection to a WAL
// database holds a read lock on one byte of its "-shm" file (SQLite's DMS lock) while it is
// open, so this sees an idle server as well as a busy one. Locks held by this process are not
// seen (POSIX record locks are per process).
bool SqliteDatabaseInUse(const std::string& path);

// Replaces the SQLite database at `path` (created if missing) with the contents of
// `backup_file`, page by page through SQLite's backup API, under SQLite's own locks; then
// checks the result's integrity. The caller checks the backup first (CheckSqliteBackup).
// Throws StorageError.
void RestoreSqlite(const std::string& backup_file, const std::string& path);

}  // namespace fostermatch::storage
