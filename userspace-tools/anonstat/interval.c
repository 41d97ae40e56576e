// SPDX-License-Identifier: GPL-2.0
/* interval - vmstat's [interval [count]]. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "interval.h"
#include "util.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the sleep ends */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void add_seconds(struct timespec *t, double s)
{
	double whole = floor(s);

	t->tv_sec += (time_t)whole;
	t->tv_nsec += (long)((s - whole) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

int al_interval_run(double interval, unsigned long count, al_report_fn report,
		    void *ctx)
{
	struct timespec next;
	unsigned long nr;
	int ret;

	catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (nr = 0; !stop && (!count || nr < count); nr++) {
		if (nr) {
			/* Absolute deadlines: no drift over long runs. */
			add_seconds(&next, interval);
			while (!stop && clock_nanosleep(CLOCK_MONOTONIC,
							TIMER_ABSTIME, &next,
							NULL) == EINTR)
				;
			if (stop)
				break;
		}
		ret = report(ctx, nr);
		if (fflush(stdout) && !ret) {
			al_error("write error: %s", strerror(errno));
			ret = EXIT_FAIL;
		}
		if (ret)
			return ret;
	}
	return EXIT_OK;
}
