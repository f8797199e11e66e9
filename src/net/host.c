/* host.c: OLLAMA_HOST rules, step by step as envconfig.Host() applies them
 * (reference section 5): trim blanks and quotes, split off the scheme, cut the
 * path, split host and port, fall back to the scheme's default port. */
#include "host.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *trim(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	/* Go's strings.Trim(s, "\"'"): any run of quotes at either end. */
	while (n && (*s == '"' || *s == '\''))
		s++, n--;
	while (n && (s[n - 1] == '"' || s[n - 1] == '\''))
		n--;
	return xstrndup(s, n);
}

/* net.SplitHostPort: "host:port", "[v6]:port"; fails without a port. */
static bool split_host_port(const char *hp, char **host, char **port)
{
	if (hp[0] == '[') {
		const char *close = strchr(hp, ']');
		if (!close || close[1] != ':')
			return false;
		*host = xstrndup(hp + 1, (size_t)(close - hp - 1));
		*port = xstrdup(close + 2);
		return true;
	}
	const char *colon = strrchr(hp, ':');
	if (!colon || strchr(hp, ':') != colon) /* none, or a bare IPv6 address */
		return false;
	*host = xstrndup(hp, (size_t)(colon - hp));
	*port = xstrdup(colon + 1);
	return true;
}

static bool is_ipv6(const char *h)
{
	return strchr(h, ':') != NULL;
}

static bool is_loopback(const char *h)
{
	return !strcmp(h, "localhost") || !strncmp(h, "127.", 4) || !strcmp(h, "::1");
}

/* The path prefix without empty segments: no leading, trailing or doubled
 * '/', so appending "/api/chat" never makes "//". */
static char *clean_path(const char *p)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (; *p; p++)
		if (*p != '/' || (sb.len && sb.buf[sb.len - 1] != '/'))
			sb_add(&sb, p, 1);
	if (sb.len && sb.buf[sb.len - 1] == '/')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

static int parse_port(const char *s, int fallback)
{
	long v;
	return parse_long(s, &v) && v >= 0 && v <= 65535 ? (int)v : fallback;
}

void server_url_parse(const char *value, struct server_url *out, char **warning)
{
	memset(out, 0, sizeof *out);
	char *s = trim(value ? value : "");
	const char *sep = strstr(s, "://"), *hostport;
	int default_port = 11434;
	if (!sep) {
		out->scheme = xstrdup("http");
		hostport = s;
		if (!strcmp(s, "ollama.com")) {
			free(out->scheme);
			out->scheme = xstrdup("https");
			default_port = 443;
		}
	} else {
		out->scheme = xstrndup(s, (size_t)(sep - s));
		hostport = sep + 3;
		if (!strcmp(out->scheme, "http"))
			default_port = 80;
		else if (!strcmp(out->scheme, "https"))
			default_port = 443;
	}
	const char *slash = strchr(hostport, '/');
	char *hp = slash ? xstrndup(hostport, (size_t)(slash - hostport)) : xstrdup(hostport);
	char *path = clean_path(slash ? slash + 1 : "");

	char *host = NULL, *port = NULL;
	if (split_host_port(hp, &host, &port)) {
		out->port = parse_port(port, -1);
		if (out->port < 0) {
			out->port = default_port;
			if (warning)
				set_err(warning, "invalid port '%s' in '%s'; using %d", port, value,
				        default_port);
		}
	} else {
		/* No port: the whole text is the host ([v6] brackets dropped). */
		size_t n = strlen(hp);
		host = hp[0] == '[' && n >= 2 && hp[n - 1] == ']' ? xstrndup(hp + 1, n - 2)
		                                                  : xstrdup(hp);
		out->port = default_port;
	}
	/* ConnectableHost(): the unspecified addresses mean this machine. */
	if (!host[0] || !strcmp(host, "0.0.0.0") || !strcmp(host, "::")) {
		free(host);
		host = xstrdup("127.0.0.1");
	}
	out->host = host;
	out->path = path;
	out->loopback = is_loopback(host);
	out->base = xasprintf("%s://%s%s%s:%d%s%s", out->scheme, is_ipv6(host) ? "[" : "", host,
	                      is_ipv6(host) ? "]" : "", out->port, path[0] ? "/" : "", path);
	free(port);
	free(hp);
	free(s);
}

void server_url_free(struct server_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->path);
	free(u->base);
	memset(u, 0, sizeof *u);
}
