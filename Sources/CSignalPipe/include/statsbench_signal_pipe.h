#ifndef STATSBENCH_SIGNAL_PIPE_H
#define STATSBENCH_SIGNAL_PIPE_H

/// Catches each of `signals` (`count` of them) with a handler that writes the signal's number, one byte, to a
/// pipe, and returns the pipe's read end (close-on-exec), or -1 with `errno` set when the pipe or a handler
/// cannot be set up (or `count` is above 8). The first signal that arrives resets every one of `signals` to the
/// default action, so a second signal, of either kind, ends the process the usual way.
///
/// The handler does only what is async-signal-safe (`sigaction`, `write`): the program reads the pipe on a thread
/// of its own and does the real work there. A caught signal, unlike an ignored one, is reset to its default in a
/// child at `exec`, so processes the program starts are not made deaf to SIGINT or SIGTERM.
///
/// Call it once per process: a second call replaces the pipe the handlers write to.
int statsbench_signal_pipe(const int *signals, int count);

#endif
