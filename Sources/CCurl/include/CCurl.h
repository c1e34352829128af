// libcurl for Swift: non-variadic wrappers of curl_easy_setopt and curl_easy_getinfo, and reading a multi handle's result.
#ifndef PRX_CCURL_H
#define PRX_CCURL_H
#include <curl/curl.h>

/// A CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION callback.
typedef size_t (*prx_curl_data_callback)(char *data, size_t size, size_t count, void *context);

/// `curl_global_init(CURL_GLOBAL_DEFAULT)`, once per process however often and from whichever threads it is called.
/// Returns its result (the same on every call).
CURLcode prx_curl_global_init(void);

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
