/* netlib.h: libcurl and OpenSSL's libcrypto, loaded with dlopen() on first use.
 *
 * Linking libcurl costs every process about 5 ms and 6 MiB in the dynamic
 * loader (SPEC section 11), so loco does not link it: commands that talk to a
 * server call netlib_curl(), which loads the library once and hands back a
 * table of the functions loco uses. Commands declared NO_NETWORK call
 * netlib_forbid() first, and any later load fails loudly instead of slowing
 * them down. The tables are owned by this module and live until exit.
 */
#ifndef LOCO_NETLIB_H
#define LOCO_NETLIB_H

#include <curl/curl.h>
#include <stddef.h>

struct evp_md_ctx_st;
struct evp_md_st;

/* The libcurl functions loco calls. */
struct curl_api {
	CURLcode (*global_init)(long flags);
	curl_version_info_data *(*version_info)(CURLversion age);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *easy);
	CURLcode (*easy_setopt)(CURL *easy, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *easy, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *multi);
	CURLMcode (*multi_add_handle)(CURLM *multi, CURL *easy);
	CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *easy);
	CURLMcode (*multi_perform)(CURLM *multi, int *running);
	CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *extra, unsigned n, int timeout_ms,
	                        int *numfds);
	CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
};

struct crypto_api {
	const char *(*version)(int type);
	struct evp_md_ctx_st *(*md_ctx_new)(void);
	void (*md_ctx_free)(struct evp_md_ctx_st *ctx);
	const struct evp_md_st *(*sha256)(void);
	int (*digest_init)(struct evp_md_ctx_st *ctx, const struct evp_md_st *type, void *engine);
	int (*digest_update)(struct evp_md_ctx_st *ctx, const void *data, size_t len);
	int (*digest_final)(struct evp_md_ctx_st *ctx, unsigned char *md, unsigned int *len);
};

/* Loads on first call; NULL (with *err) when the library is missing or the
 * running command is NO_NETWORK. */
const struct curl_api *netlib_curl(char **err);
const struct crypto_api *netlib_crypto(char **err);

/* Called by the dispatcher for NO_NETWORK commands: netlib_forbid() refuses
 * both libraries; netlib_forbid_curl() only libcurl, for the no-network
 * commands that hash files (CMD_HASHES_FILES: the leaderboard compares
 * dataset digests) and so pay for libcrypto, never for libcurl. */
void netlib_forbid(const char *command);
void netlib_forbid_curl(const char *command);
/* Lifts netlib_forbid_curl() for the one exception: `route` and `router
 * train` with the embedding router, which must ask a server for vectors. */
void netlib_allow_curl(void);

/* SHA-256 of a file as 64 lowercase hex digits in out (65 bytes). */
int sha256_file(const char *path, char out[65], char **err);
/* The same, calling progress(ctx, bytes hashed so far) after each read; a
 * non-zero return stops it (-1, "stopped hashing ..."). progress may be NULL. */
int sha256_file_progress(const char *path, char out[65], int (*progress)(void *ctx, long long done),
                         void *ctx, char **err);
int sha256_buffer(const void *data, size_t len, char out[65], char **err);
/* A 32-byte digest as 64 lowercase hex digits in out (65 bytes). */
void sha256_hex(const unsigned char md[32], char out[65]);

#endif
