// libcurl for Swift, opened on first use: wrappers of the calls MatrixClient makes (non-variadic setopt/getinfo).
#ifndef PRX_CCURL_H
#define PRX_CCURL_H
#include <curl/curl.h>

// libcurl (libcurl.so.4) is not linked: prx_curl_global_init opens it with dlopen, so a process that never
// makes a request (the supervisor's daemon) never maps it and its ~30 libraries (7 MB resident). Every
// other function here may be called only after prx_curl_global_init returned CURLE_OK.

/// A CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION callback.
typedef size_t (*prx_curl_data_callback)(char *data, size_t size, size_t count, void *context);

/// Opens libcurl.so.4 and runs `curl_global_init(CURL_GLOBAL_DEFAULT)`, once per process however often and
/// from whichever threads it is called. Returns the result (the same on every call); CURLE_FAILED_INIT
/// with ``prx_curl_load_error`` set when the library could not be opened.
CURLcode prx_curl_global_init(void);

/// Why libcurl.so.4 could not be opened (dlopen's or dlsym's message), or NULL if it was (or was not tried).
const char *prx_curl_load_error(void);

/// curl_easy_init.
CURL *prx_curl_easy_init(void);
/// curl_easy_cleanup.
void prx_curl_easy_cleanup(CURL *handle);
/// curl_multi_init.
CURLM *prx_curl_multi_init(void);
/// curl_multi_cleanup.
CURLMcode prx_curl_multi_cleanup(CURLM *multi);
/// curl_multi_add_handle.
CURLMcode prx_curl_multi_add_handle(CURLM *multi, CURL *easy);
/// curl_multi_remove_handle.
CURLMcode prx_curl_multi_remove_handle(CURLM *multi, CURL *easy);
/// curl_multi_perform.
CURLMcode prx_curl_multi_perform(CURLM *multi, int *running);
/// curl_multi_poll without extra descriptors: waits at most `timeout_ms` for the transfers' sockets.
CURLMcode prx_curl_multi_poll(CURLM *multi, int timeout_ms);
/// curl_multi_wakeup: ends a curl_multi_poll of another thread early.
CURLMcode prx_curl_multi_wakeup(CURLM *multi);
/// curl_slist_append.
struct curl_slist *prx_curl_slist_append(struct curl_slist *list, const char *line);
/// curl_slist_free_all.
void prx_curl_slist_free_all(struct curl_slist *list);

/// curl_easy_setopt for an option that takes a `long`.
CURLcode prx_curl_setopt_long(CURL *handle, CURLoption option, long value);

/// curl_easy_setopt for an option that takes a string (libcurl copies it, except CURLOPT_POSTFIELDS); NULL resets.
CURLcode prx_curl_setopt_string(CURL *handle, CURLoption option, const char *value);

/// curl_easy_setopt for an option that takes a pointer (CURLOPT_POSTFIELDS, CURLOPT_HTTPHEADER, callback data).
CURLcode prx_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value);

/// curl_easy_setopt for an option that takes a `curl_off_t` (the `_LARGE` sizes).
CURLcode prx_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/// curl_easy_setopt for CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION.
CURLcode prx_curl_setopt_data_callback(CURL *handle, CURLoption option, prx_curl_data_callback callback);

/// curl_easy_getinfo(CURLINFO_RESPONSE_CODE): the last HTTP status code, 0 when none was received.
CURLcode prx_curl_response_code(CURL *handle, long *code);

/// Reads the messages of `multi`; returns 1 and sets `result` if one says `easy`'s transfer is done, else 0.
int prx_curl_multi_done(CURLM *multi, CURL *easy, CURLcode *result);

#endif
