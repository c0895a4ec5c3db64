/* Count the SQL statements a process runs in SQLite, below Python: loaded with LD_PRELOAD.
 *
 * Built and used by apilab.grading.query_shim. sqlite3_step is taken over: the first step of each execution of
 * a statement (sqlite3_stmt_busy is false then) whose SQL reads or writes a table (FROM, INTO or UPDATE, not a
 * PRAGMA) is written, one line of at most LINE bytes, to the pipe named by APILAB_QUERY_LOG_FD, before SQLite
 * runs it. Reading a table's rows without a statement counts too: opening a BLOB (Connection.blobopen), and
 * copying the database out (serialize, backup). Nothing here is reachable from Python. If that descriptor stops
 * being the pipe it was when the process started (closed, or another file put in its place), the process ends
 * at once: statements that would not reach the grader are never run.
 *
 * While it counts, the process may not start another program (the exec family, posix_spawn, system, popen
 * answer EPERM: a program started without this library would run queries uncounted), nor load native code from
 * outside the folders named by APILAB_QUERY_NATIVE_FOLDERS (the read-only ones of the sandbox: code the answer
 * wrote could call SQLite past this library).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE 200

typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_blob sqlite3_blob;
typedef long long sqlite3_int64;
typedef int (*step_fn)(sqlite3_stmt *);
typedef int (*blob_open_fn)(sqlite3 *, const char *, const char *, const char *, sqlite3_int64, int,
                            sqlite3_blob **);
typedef unsigned char *(*serialize_fn)(sqlite3 *, const char *, sqlite3_int64 *, unsigned int);
typedef struct sqlite3_backup sqlite3_backup;
typedef sqlite3_backup *(*backup_init_fn)(sqlite3 *, const char *, sqlite3 *, const char *);
typedef int (*busy_fn)(sqlite3_stmt *);
typedef const char *(*sql_fn)(sqlite3_stmt *);

#define FOLDERS 4096

static int log_fd = -1;
static char native_folders[FOLDERS];  /* folders native code may be loaded from, separated by ':' */
static pthread_once_t resolved = PTHREAD_ONCE_INIT;
static dev_t log_dev;
static ino_t log_ino;
static step_fn real_step;
static busy_fn real_busy;
static sql_fn real_sql;
static blob_open_fn real_blob_open;
static serialize_fn real_serialize;
static backup_init_fn real_backup_init;

__attribute__((constructor)) static void start(void) {
    const char *named = getenv("APILAB_QUERY_LOG_FD");
    struct stat info;
    if (named == NULL) return;
    log_fd = atoi(named);
    if (fstat(log_fd, &info) != 0 || !S_ISFIFO(info.st_mode)) _exit(86);
    log_dev = info.st_dev;
    log_ino = info.st_ino;
    named = getenv("APILAB_QUERY_NATIVE_FOLDERS");
    if (named == NULL || strlen(named) >= FOLDERS) _exit(86);
    strcpy(native_folders, named);
}

typedef void *(*dlopen_fn)(const char *, int);

static void *sqlite_symbol(const char *name) {
    void *found = dlsym(RTLD_NEXT, name);
    if (found == NULL) {  /* libsqlite3 loaded by a module dlopen-ed without RTLD_GLOBAL (Python's _sqlite3) */
        dlopen_fn real_dlopen = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
        void *library = real_dlopen ? real_dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_NOLOAD) : NULL;
        if (library != NULL) found = dlsym(library, name);
    }
    if (found == NULL) _exit(87);
    return found;
}

static int word_at(const char *sql, size_t at, const char *word) {
    size_t length = strlen(word);
    if (strncasecmp(sql + at, word, length) != 0) return 0;
    if (at > 0 && (isalnum((unsigned char)sql[at - 1]) || sql[at - 1] == '_')) return 0;
    return !(isalnum((unsigned char)sql[at + length]) || sql[at + length] == '_');
}

static int counted(const char *sql) {
    size_t at, start = 0;
    if (sql == NULL) return 0;
    while (isspace((unsigned char)sql[start])) start++;
    if (strncasecmp(sql + start, "PRAGMA", 6) == 0) return 0;
    for (at = 0; sql[at] != '\0'; at++) {
        if (word_at(sql, at, "FROM") || word_at(sql, at, "INTO") || word_at(sql, at, "UPDATE")) return 1;
    }
    return 0;
}

static void note(const char *sql) {
    char line[LINE];
    size_t used = 0;
    struct stat info;
    if (fstat(log_fd, &info) != 0 || info.st_dev != log_dev || info.st_ino != log_ino) _exit(88);
    for (; sql[used] != '\0' && used < LINE - 1; used++) {
        line[used] = (sql[used] == '\n' || sql[used] == '\r') ? ' ' : sql[used];
    }
    line[used++] = '\n';
    if (write(log_fd, line, used) != (ssize_t)used) _exit(89);
}

static void resolve(void) {  /* once, when SQLite is first used: it is loaded by then */
    real_busy = (busy_fn)sqlite_symbol("sqlite3_stmt_busy");
    real_sql = (sql_fn)sqlite_symbol("sqlite3_sql");
    real_step = (step_fn)sqlite_symbol("sqlite3_step");
    real_blob_open = (blob_open_fn)sqlite_symbol("sqlite3_blob_open");
    real_serialize = (serialize_fn)sqlite_symbol("sqlite3_serialize");
    real_backup_init = (backup_init_fn)sqlite_symbol("sqlite3_backup_init");
}

int sqlite3_step(sqlite3_stmt *statement) {
    pthread_once(&resolved, resolve);
    if (log_fd >= 0 && !real_busy(statement) && counted(real_sql(statement))) note(real_sql(statement));
    return real_step(statement);
}

int sqlite3_blob_open(sqlite3 *db, const char *schema, const char *table, const char *column, sqlite3_int64 row,
                      int flags, sqlite3_blob **blob) {
    char line[LINE];
    pthread_once(&resolved, resolve);
    if (log_fd >= 0) {
        snprintf(line, sizeof line, "sqlite3_blob_open: a value FROM %s.%s", table ? table : "?",
                 column ? column : "?");
        note(line);
    }
    return real_blob_open(db, schema, table, column, row, flags, blob);
}

unsigned char *sqlite3_serialize(sqlite3 *db, const char *schema, sqlite3_int64 *size, unsigned int flags) {
    pthread_once(&resolved, resolve);
    if (log_fd >= 0) note("sqlite3_serialize: every table FROM the database");
    return real_serialize(db, schema, size, flags);
}

sqlite3_backup *sqlite3_backup_init(sqlite3 *to, const char *to_name, sqlite3 *from, const char *from_name) {
    pthread_once(&resolved, resolve);
    if (log_fd >= 0) note("sqlite3_backup_init: every table FROM the database");
    return real_backup_init(to, to_name, from, from_name);
}

/* --- no other program, no native code of the answer's ------------------------------------------------- */

static int refused(void) {
    errno = EPERM;
    return -1;
}

int execve(const char *path, char *const argv[], char *const envp[]) {
    typedef int (*fn)(const char *, char *const[], char *const[]);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "execve"))(path, argv, envp);
}

int execv(const char *path, char *const argv[]) {
    typedef int (*fn)(const char *, char *const[]);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "execv"))(path, argv);
}

int execvp(const char *file, char *const argv[]) {
    typedef int (*fn)(const char *, char *const[]);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "execvp"))(file, argv);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
    typedef int (*fn)(const char *, char *const[], char *const[]);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "execvpe"))(file, argv, envp);
}

int fexecve(int fd, char *const argv[], char *const envp[]) {
    typedef int (*fn)(int, char *const[], char *const[]);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "fexecve"))(fd, argv, envp);
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    typedef int (*fn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                      char *const[], char *const[]);
    if (log_fd >= 0) return EPERM;
    return ((fn)dlsym(RTLD_NEXT, "posix_spawn"))(pid, path, actions, attributes, argv, envp);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    typedef int (*fn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                      char *const[], char *const[]);
    if (log_fd >= 0) return EPERM;
    return ((fn)dlsym(RTLD_NEXT, "posix_spawnp"))(pid, file, actions, attributes, argv, envp);
}

int system(const char *command) {
    typedef int (*fn)(const char *);
    if (log_fd >= 0) return refused();
    return ((fn)dlsym(RTLD_NEXT, "system"))(command);
}

FILE *popen(const char *command, const char *type) {
    typedef FILE *(*fn)(const char *, const char *);
    if (log_fd >= 0) {
        errno = EPERM;
        return NULL;
    }
    return ((fn)dlsym(RTLD_NEXT, "popen"))(command, type);
}

static int native_allowed(const char *file) {
    char real[PATH_MAX];
    const char *folder = native_folders;
    if (strchr(file, '/') == NULL) return 1;  /* a library's name: found in the system's folders only */
    if (realpath(file, real) == NULL) return 0;
    while (*folder != '\0') {
        const char *end = strchr(folder, ':');
        size_t length = end ? (size_t)(end - folder) : strlen(folder);
        if (length > 0 && strncmp(real, folder, length) == 0 && (real[length] == '/' || real[length] == '\0'))
            return 1;
        if (end == NULL) break;
        folder = end + 1;
    }
    return 0;
}

void *dlopen(const char *file, int mode) {
    dlopen_fn real_dlopen = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
    if (log_fd >= 0 && file != NULL && !native_allowed(file)) return NULL;
    return real_dlopen(file, mode);
}
