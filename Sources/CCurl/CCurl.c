// libcurl for Swift: opened with dlopen on first use; wrappers of the calls MatrixClient makes.
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "CCurl.h"

/// The libcurl functions in use, looked up once.
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_result = CURLE_FAILED_INIT;
static char load_error[512];

/// Looks `name` up in `library` into `slot`; false (with load_error set) if it is missing.
static int look_up(void *library, const char *name, void **slot) {
    *slot = dlsym(library, name);
    if (*slot == NULL) snprintf(load_error, sizeof load_error, "libcurl.so.4 lacks %s", name);
    return *slot != NULL;
}

static void global_init(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libcurl.so.4: cannot open");
        return;
    }
#define BIND(field) look_up(library, "curl_" #field, (void **)&curl.field)
    if (!(BIND(global_init) && BIND(easy_init) && BIND(easy_cleanup) && BIND(easy_setopt) && BIND(easy_getinfo)
          && BIND(multi_init) && BIND(multi_cleanup) && BIND(multi_add_handle) && BIND(multi_remove_handle)
          && BIND(multi_perform) && BIND(multi_poll) && BIND(multi_wakeup) && BIND(multi_info_read)
          && BIND(slist_append) && BIND(slist_free_all)))
        return;
#undef BIND
    // With OpenSSL underneath (Debian's libcurl4): initialise libcrypto without loading its error strings
    // before libcurl initialises it (a later load is then a no-op). We never show OpenSSL's texts (a TLS
    // failure is reported by its CURLcode), and the strings keep about 0.6 MB more resident.
    uint64_t no_load_crypto_strings = 0x1;  // OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, stable since OpenSSL 1.1.0
    int (*openssl_init_crypto)(uint64_t, const void *);
    *(void **)&openssl_init_crypto = dlsym(library, "OPENSSL_init_crypto");
    if (openssl_init_crypto != NULL) openssl_init_crypto(no_load_crypto_strings, NULL);
    global_result = curl.global_init(CURL_GLOBAL_DEFAULT);
}

CURLcode prx_curl_global_init(void) {
    pthread_once(&global_once, global_init);
    return global_result;
}

const char *prx_curl_load_error(void) { return load_error[0] ? load_error : NULL; }

CURL *prx_curl_easy_init(void) { return curl.easy_init(); }
void prx_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLM *prx_curl_multi_init(void) { return curl.multi_init(); }
CURLMcode prx_curl_multi_cleanup(CURLM *multi) { return curl.multi_cleanup(multi); }
CURLMcode prx_curl_multi_add_handle(CURLM *multi, CURL *easy) { return curl.multi_add_handle(multi, easy); }
CURLMcode prx_curl_multi_remove_handle(CURLM *multi, CURL *easy) { return curl.multi_remove_handle(multi, easy); }
CURLMcode prx_curl_multi_perform(CURLM *multi, int *running) { return curl.multi_perform(multi, running); }
CURLMcode prx_curl_multi_poll(CURLM *multi, int timeout_ms) {
    return curl.multi_poll(multi, NULL, 0, timeout_ms, NULL);
}
CURLMcode prx_curl_multi_wakeup(CURLM *multi) { return curl.multi_wakeup(multi); }
struct curl_slist *prx_curl_slist_append(struct curl_slist *list, const char *line) {
    return curl.slist_append(list, line);
}
void prx_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }

CURLcode prx_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_data_callback(CURL *handle, CURLoption option, prx_curl_data_callback callback) {
    return curl.easy_setopt(handle, option, callback);
}

CURLcode prx_curl_response_code(CURL *handle, long *code) {
    return curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

int prx_curl_multi_done(CURLM *multi, CURL *easy, CURLcode *result) {
    int left = 0;
    int done = 0;
    CURLMsg *message;
    while ((message = curl.multi_info_read(multi, &left)) != NULL) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
            *result = message->data.result;
            done = 1;
        }
    }
    return done;
}
