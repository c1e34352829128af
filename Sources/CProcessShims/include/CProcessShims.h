// C helpers for process spawning that Swift's Glibc module does not expose.
#ifndef PRX_CPROCESS_SHIMS_H
#define PRX_CPROCESS_SHIMS_H
#include <spawn.h>

/// Adds "close every descriptor >= lowfd" to `actions` (glibc 2.34+ `posix_spawn_file_actions_addclosefrom_np`).
int prx_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd);

#endif
