/* LD_PRELOAD shim for `scripts/instructions`: in a `tagifai serve` supervisor, a posix_spawn of
 * /proc/self/exe (a worker) runs the binary under valgrind instead. The supervisor itself runs
 * natively: under valgrind --trace-children=yes the worker's exec of /proc/self/exe would name
 * valgrind's own tool binary, which cannot load itself as a client.
 *
 * INSTRUCTIONS_VALGRIND holds valgrind's path and options, one a line; the binary's path
 * (/proc/self/exe resolved) and the worker's arguments follow them. Other spawns are untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*spawn_function)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                              const posix_spawnattr_t *, char *const[], char *const[]);

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    spawn_function real = (spawn_function)dlsym(RTLD_NEXT, "posix_spawn");
    const char *wrapper = getenv("INSTRUCTIONS_VALGRIND");
    if (wrapper == NULL || strcmp(path, "/proc/self/exe") != 0)
        return real(pid, path, actions, attributes, argv, envp);
    static char binary[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", binary, sizeof binary - 1);
    if (length < 0)
        return real(pid, path, actions, attributes, argv, envp);
    binary[length] = 0;
    char *options = strdup(wrapper);
    size_t count = 0, lines = 1;
    for (const char *c = options; *c; c++) lines += *c == '\n';
    for (size_t i = 0; argv[i]; i++) count++;
    char **arguments = calloc(lines + count + 2, sizeof *arguments);
    size_t n = 0;
    for (char *line = strtok(options, "\n"); line; line = strtok(NULL, "\n")) arguments[n++] = line;
    arguments[n++] = binary;
    for (size_t i = 1; i < count; i++) arguments[n++] = argv[i];
    /* The worker and valgrind keep neither this library nor its variable. */
    size_t variables = 0;
    for (size_t i = 0; envp[i]; i++) variables++;
    char **environment = calloc(variables + 1, sizeof *environment);
    size_t m = 0;
    for (size_t i = 0; i < variables; i++)
        if (strncmp(envp[i], "LD_PRELOAD=", 11) != 0 && strncmp(envp[i], "INSTRUCTIONS_VALGRIND=", 22) != 0)
            environment[m++] = envp[i];
    int result = real(pid, arguments[0], actions, attributes, arguments, environment);
    free(environment);
    free(arguments);
    free(options);
    return result;
}
