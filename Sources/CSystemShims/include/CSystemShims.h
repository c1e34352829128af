// Linux system calls the Swift Glibc module does not expose without _GNU_SOURCE.
#ifndef PRX_CSYSTEM_SHIMS_H
#define PRX_CSYSTEM_SHIMS_H
#include <spawn.h>
#include <sys/types.h>

/// Adds "close every descriptor >= lowfd" to `actions` (glibc 2.34+ `posix_spawn_file_actions_addclosefrom_np`).
int prx_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd);

/// The uid and pid of the process at the other end of a Unix socket (`SO_PEERCRED`); 0 on success, -1 with errno.
int prx_peer_credentials(int fd, uid_t *uid, pid_t *pid);

/// accept(2) with SOCK_CLOEXEC set atomically on the new descriptor (`accept4`).
int prx_accept_cloexec(int fd);

#endif
