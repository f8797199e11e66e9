/* netlib.c: the one file that owns the dlopen() handles and function tables
 * for libcurl and libcrypto (see netlib.h for why they are not linked). */
#define _GNU_SOURCE
#include "netlib.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The no-network command running, per library; NULL = loading is allowed. */
static const char *curl_forbidden_by, *crypto_forbidden_by;

void netlib_forbid(const char *command)
{
	curl_forbidden_by = crypto_forbidden_by = command;
}

void netlib_forbid_curl(const char *command)
{
	curl_forbidden_by = command;
}

void netlib_allow_curl(void)
{
	curl_forbidden_by = NULL;
}

/* dlsym() returns an object pointer; POSIX guarantees it converts to a
 * function pointer, memcpy says so without a cast ISO C frowns on. */
static int bind_symbol(void *lib, const char *name, void *fnptr, size_t size, const char *soname,
                       char **err)
{
	void *sym = dlsym(lib, name);
	if (!sym)
		return set_err(err, "'%s' has no function '%s'; install a newer %s", soname, name,
		               soname);
	memcpy(fnptr, &sym, size);
	return 0;
}
#define BIND(lib, field, name, so, err) bind_symbol(lib, name, &(field), sizeof(field), so, err)

static void *open_lib(const char *soname, const char *package, const char *forbidden_by, char **err)
{
	if (forbidden_by) {
		set_err(err, "internal error: '%s' is a no-network command but tried to load %s",
		        forbidden_by, soname);
		return NULL;
	}
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		set_err(err, "cannot load %s (%s); install it with 'apt-get install %s'", soname,
		        dlerror(), package);
	return lib;
}

const struct curl_api *netlib_curl(char **err)
{
	static struct curl_api api;
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char *failure;
	if (state == 0) {
		static const char so[] = "libcurl.so.4";
		void *lib = open_lib(so, "libcurl4", curl_forbidden_by, &failure);
		state = -1;
		if (lib && BIND(lib, api.global_init, "curl_global_init", so, &failure) == 0 &&
		    BIND(lib, api.version_info, "curl_version_info", so, &failure) == 0 &&
		    BIND(lib, api.easy_init, "curl_easy_init", so, &failure) == 0 &&
		    BIND(lib, api.easy_cleanup, "curl_easy_cleanup", so, &failure) == 0 &&
		    BIND(lib, api.easy_setopt, "curl_easy_setopt", so, &failure) == 0 &&
		    BIND(lib, api.easy_getinfo, "curl_easy_getinfo", so, &failure) == 0 &&
		    BIND(lib, api.easy_strerror, "curl_easy_strerror", so, &failure) == 0 &&
		    BIND(lib, api.multi_init, "curl_multi_init", so, &failure) == 0 &&
		    BIND(lib, api.multi_cleanup, "curl_multi_cleanup", so, &failure) == 0 &&
		    BIND(lib, api.multi_add_handle, "curl_multi_add_handle", so, &failure) == 0 &&
		    BIND(lib, api.multi_remove_handle, "curl_multi_remove_handle", so, &failure) ==
		        0 &&
		    BIND(lib, api.multi_perform, "curl_multi_perform", so, &failure) == 0 &&
		    BIND(lib, api.multi_poll, "curl_multi_poll", so, &failure) == 0 &&
		    BIND(lib, api.multi_info_read, "curl_multi_info_read", so, &failure) == 0 &&
		    BIND(lib, api.slist_append, "curl_slist_append", so, &failure) == 0 &&
		    BIND(lib, api.slist_free_all, "curl_slist_free_all", so, &failure) == 0 &&
		    api.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
			state = 1;
		else if (lib && !failure)
			set_err(&failure, "libcurl failed to initialise");
	}
	if (state < 0) {
		set_err(err, "%s", failure);
		return NULL;
	}
	return &api;
}

const struct crypto_api *netlib_crypto(char **err)
{
	static struct crypto_api api;
	static int state;
	static char *failure;
	static const char so[] = "libcrypto.so.3";
	if (state == 0) {
		void *lib = open_lib(so, "libssl3", crypto_forbidden_by, &failure);
		state = -1;
		if (lib && BIND(lib, api.version, "OpenSSL_version", so, &failure) == 0 &&
		    BIND(lib, api.md_ctx_new, "EVP_MD_CTX_new", so, &failure) == 0 &&
		    BIND(lib, api.md_ctx_free, "EVP_MD_CTX_free", so, &failure) == 0 &&
		    BIND(lib, api.sha256, "EVP_sha256", so, &failure) == 0 &&
		    BIND(lib, api.digest_init, "EVP_DigestInit_ex", so, &failure) == 0 &&
		    BIND(lib, api.digest_update, "EVP_DigestUpdate", so, &failure) == 0 &&
		    BIND(lib, api.digest_final, "EVP_DigestFinal_ex", so, &failure) == 0)
			state = 1;
	}
	if (state < 0) {
		set_err(err, "%s", failure);
		return NULL;
	}
	return &api;
}

void sha256_hex(const unsigned char md[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

int sha256_buffer(const void *data, size_t len, char out[65], char **err)
{
	const struct crypto_api *c = netlib_crypto(err);
	if (!c)
		return -1;
	struct evp_md_ctx_st *ctx = c->md_ctx_new();
	unsigned char md[32];
	unsigned int mdlen = 0;
	int ok = ctx && c->digest_init(ctx, c->sha256(), NULL) == 1 &&
	         c->digest_update(ctx, data, len) == 1 && c->digest_final(ctx, md, &mdlen) == 1 &&
	         mdlen == 32;
	c->md_ctx_free(ctx);
	if (!ok)
		return set_err(err, "libcrypto failed to compute a SHA-256");
	sha256_hex(md, out);
	return 0;
}

int sha256_file(const char *path, char out[65], char **err)
{
	return sha256_file_progress(path, out, NULL, NULL, err);
}

int sha256_file_progress(const char *path, char out[65], int (*progress)(void *ctx, long long done),
                         void *pctx, char **err)
{
	const struct crypto_api *c = netlib_crypto(err);
	if (!c)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return set_err(err, "cannot read '%s': %s", path, strerror(errno));
	struct evp_md_ctx_st *ctx = c->md_ctx_new();
	int ok = ctx && c->digest_init(ctx, c->sha256(), NULL) == 1;
	unsigned char buf[65536];
	int read_errno = 0;
	bool stopped = false;
	long long done = 0;
	for (ssize_t n; ok;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			read_errno = errno, ok = 0;
		if (n <= 0)
			break;
		ok = c->digest_update(ctx, buf, (size_t)n) == 1;
		done += n;
		if (ok && progress && progress(pctx, done) != 0)
			stopped = true, ok = 0;
	}
	unsigned char md[32];
	unsigned int mdlen = 0;
	ok = ok && c->digest_final(ctx, md, &mdlen) == 1 && mdlen == 32;
	c->md_ctx_free(ctx);
	close(fd);
	if (stopped)
		return set_err(err, "stopped hashing '%s'", path);
	if (!ok)
		return set_err(err, "cannot hash '%s': %s", path,
		               read_errno ? strerror(read_errno) : "libcrypto failed");
	sha256_hex(md, out);
	return 0;
}
