/* test_host.c: OLLAMA_HOST, one row per line of the reference's table
 * (section 5), plus quoting, trailing slashes and loopback detection. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "util.h"

struct host_case {
	const char *value;
	const char *base;
	bool loopback;
	bool warns;
};

static const struct host_case cases[] = {
    {NULL, "http://127.0.0.1:11434", true, false},
    {"", "http://127.0.0.1:11434", true, false},
    {"1.2.3.4", "http://1.2.3.4:11434", false, false},
    {":1234", "http://127.0.0.1:1234", true, false},
    {"0.0.0.0", "http://127.0.0.1:11434", true, false},
    {"example.com:1234", "http://example.com:1234", false, false},
    {"http://1.2.3.4", "http://1.2.3.4:80", false, false},
    {"https://1.2.3.4", "https://1.2.3.4:443", false, false},
    {"https://example.com/ollama", "https://example.com:443/ollama", false, false},
    {"example.com/", "http://example.com:11434", false, false},
    {"::1", "http://[::1]:11434", true, false},
    {"[::1]:1337", "http://[::1]:1337", true, false},
    {"\"1.2.3.4\"", "http://1.2.3.4:11434", false, false},
    {":66000", "http://127.0.0.1:11434", true, true},
    {"ollama.com", "https://ollama.com:443", false, false},
    /* beyond the table */
    {"  'http://h:5/x/'  ", "http://h:5/x", false, false},
    {"::", "http://127.0.0.1:11434", true, false},
    {"[::]:99", "http://127.0.0.1:99", true, false},
    {"http://localhost:11434/", "http://localhost:11434", true, false},
    {"127.0.0.5", "http://127.0.0.5:11434", true, false},
    {"http://0.0.0.0:8080", "http://127.0.0.1:8080", true, false},
    {"host:", "http://host:11434", false, true},
    {"http://host:abc", "http://host:80", false, true},
    {"https://gpu-box:11434/ollama//", "https://gpu-box:11434/ollama", false, false},
    {"[::1]", "http://[::1]:11434", true, false},
    {"http://example.com:8080/a/b", "http://example.com:8080/a/b", false, false},
    {"//x", "http://127.0.0.1:11434/x", true, false},
    {"h//a//b/", "http://h:11434/a/b", false, false},
};

int main(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		struct server_url u;
		char *warn = NULL;
		server_url_parse(cases[i].value, &u, &warn);
		const char *label = cases[i].value ? cases[i].value : "(unset)";
		CHECK_STR(u.base, cases[i].base, label);
		CHECK(u.loopback == cases[i].loopback, "%s: loopback %d", label, u.loopback);
		CHECK((warn != NULL) == cases[i].warns, "%s: warning %s", label,
		      warn ? warn : "none");
		free(warn);
		server_url_free(&u);
	}
	struct server_url u;
	server_url_parse("https://example.com/ollama", &u, NULL);
	CHECK_STR(u.scheme, "https", "scheme");
	CHECK_STR(u.host, "example.com", "host");
	CHECK(u.port == 443, "port");
	CHECK_STR(u.path, "ollama", "path");
	server_url_free(&u);
	return check_done("host");
}
