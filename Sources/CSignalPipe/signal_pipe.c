#include "statsbench_signal_pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t write_end = -1;
/// The signals caught (at most 8), all reset to the default by the first that arrives.
static int caught_signals[8];
static volatile sig_atomic_t caught_count = 0;

static void caught(int signal_number) {
    int saved = errno;
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    for (int index = 0; index < caught_count; index++) sigaction(caught_signals[index], &fallback, NULL);
    sigaction(signal_number, &fallback, NULL);
    unsigned char byte = (unsigned char)signal_number;
    ssize_t written = write(write_end, &byte, 1);
    (void)written;
    errno = saved;
}

int statsbench_signal_pipe(const int *signals, int count) {
    if (count < 0 || count > 8) {
        errno = EINVAL;
        return -1;
    }
    int ends[2];
    if (pipe(ends) != 0) return -1;
    for (int index = 0; index < 2; index++) {
        if (fcntl(ends[index], F_SETFD, FD_CLOEXEC) != 0) goto failed;
    }
    if (fcntl(ends[1], F_SETFL, O_NONBLOCK) != 0) goto failed;
    write_end = ends[1];
    caught_count = 0;
    for (int index = 0; index < count; index++) caught_signals[index] = signals[index];
    caught_count = count;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = caught;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int index = 0; index < count; index++) {
        if (sigaction(signals[index], &action, NULL) != 0) goto failed;
    }
    return ends[0];
failed:;
    int saved = errno;
    close(ends[0]);
    close(ends[1]);
    errno = saved;
    return -1;
}
