// C helpers for process spawning that Swift's Glibc module does not expose.
#define _GNU_SOURCE
#include <spawn.h>
#include "CProcessShims.h"

int prx_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowfd);
}
