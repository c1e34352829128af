// libsodium, as a Swift module.
#include <sodium.h>
