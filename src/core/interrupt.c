/* interrupt.c: the Ctrl-C flag and the SIGINT handlers that set it (see
 * interrupt.h). The flag is the only state, and a sig_atomic_t because a
 * signal handler writes it. */
#define _GNU_SOURCE
#include "interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t requested;

void interrupt_request(void)
{
	requested = 1;
}

bool interrupt_requested(void)
{
	return requested != 0;
}

static void on_sigint(int sig)
{
	(void)sig;
	requested = 1;
}

static void on_sigint_held(int sig)
{
	(void)sig;
}

static void install(void (*handler)(int), struct sigaction *old)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler; /* no SA_RESTART: a blocking poll returns at once */
	sigaction(SIGINT, &sa, old);
}

void interrupt_catch(struct sigaction *old)
{
	requested = 0;
	install(on_sigint, old);
}

void interrupt_hold(struct sigaction *old)
{
	install(on_sigint_held, old);
}

void interrupt_release(const struct sigaction *old)
{
	sigaction(SIGINT, old, NULL);
}
