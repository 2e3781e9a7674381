// Typed wrappers for the parts of the SQLite C API that Swift cannot call directly.
#ifndef BULLETIN_CSQLITE_SHIM_H
#define BULLETIN_CSQLITE_SHIM_H

#include <sqlite3.h>

/// Binds text that SQLite copies at once (SQLITE_TRANSIENT is a macro Swift does not import).
static inline int csqlite_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    // An empty Swift string may have no storage; bind it as empty text, never as NULL.
    return sqlite3_bind_text(stmt, index, text ? text : "", length, SQLITE_TRANSIENT);
}

/// Binds text that SQLite reads where it lies (SQLITE_STATIC): the caller keeps the bytes alive and unchanged until
/// the statement is reset and its bindings cleared.
static inline int csqlite_bind_text_static(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text ? text : "", length, SQLITE_STATIC);
}

/// Turns off SQLite's memory-usage statistics, whose global mutex is taken on every allocation. Must run before
/// the first connection is opened; returns SQLITE_MISUSE if it is too late, which is harmless.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Sets a function's result to text that SQLite copies at once (SQLITE_TRANSIENT).
static inline void csqlite_result_text_transient(sqlite3_context *context, const char *text, int length) {
    sqlite3_result_text(context, text ? text : "", length, SQLITE_TRANSIENT);
}

/// Registers a one-argument SQL function over UTF-8 text that always gives the same result for the same argument and
/// has no side effects (SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS), so that SQLite may factor it out of a query.
static inline int csqlite_create_deterministic_function(
    sqlite3 *db, const char *name, void (*function)(sqlite3_context *, int, sqlite3_value **)) {
    return sqlite3_create_function_v2(
        db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, 0, function, 0, 0, 0);
}

#endif
