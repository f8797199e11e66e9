/* interrupt.h: Ctrl-C for the whole process, in one place.
 *
 * One flag says that the user pressed Ctrl-C, or that loco itself decided to
 * stop (stdout went away while an answer streams). The transfer engine
 * (http.c) looks at it at least every 100 ms and stops its transfers; long
 * loops (eval, votes, hashing a file, a line being read) look at it between
 * steps. Handlers are installed without SA_RESTART, so a blocking poll(),
 * read() or ppoll() returns with EINTR at once (curl's own tool_main.c also
 * keeps its SIGINT handling in one small file).
 *
 * Whoever catches restores: every interrupt_catch() or interrupt_hold() is
 * paired with an interrupt_release() of the same struct sigaction.
 */
#ifndef LOCO_INTERRUPT_H
#define LOCO_INTERRUPT_H

#include <stdbool.h>

struct sigaction;

/* Sets the flag; async-signal-safe. */
void interrupt_request(void);
bool interrupt_requested(void);

/* From here to interrupt_release(), Ctrl-C sets the flag. Catching clears it
 * first: a chat catches Ctrl-C once per answer, and an old press must not
 * stop the next one. *old receives the handler to put back. */
void interrupt_catch(struct sigaction *old);
/* Ctrl-C only ends a blocking read or wait (EINTR) and sets nothing: a chat
 * between answers must not die before it saves its session. */
void interrupt_hold(struct sigaction *old);
void interrupt_release(const struct sigaction *old);

#endif
