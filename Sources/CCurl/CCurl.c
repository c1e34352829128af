// libcurl for Swift: non-variadic wrappers of curl_easy_setopt and curl_easy_getinfo, and reading a multi handle's result.
#include <pthread.h>
#include "CCurl.h"

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_result = CURLE_FAILED_INIT;

static void global_init(void) {
    global_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

CURLcode prx_curl_global_init(void) {
    pthread_once(&global_once, global_init);
    return global_result;
}

CURLcode prx_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode prx_curl_setopt_data_callback(CURL *handle, CURLoption option, prx_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode prx_curl_response_code(CURL *handle, long *code) {
    return curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

int prx_curl_multi_done(CURLM *multi, CURL *easy, CURLcode *result) {
    int left = 0;
    int done = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &left)) != NULL) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
            *result = message->data.result;
            done = 1;
        }
    }
    return done;
}
