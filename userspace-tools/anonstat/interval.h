/* SPDX-License-Identifier: GPL-2.0 */
/*
 * interval - vmstat's [interval [count]]: call a report function every
 * interval seconds, count times (0: until interrupted).  SIGINT and SIGTERM
 * end the loop cleanly, and anonstat then exits 0.
 */
#ifndef ANONSTAT_INTERVAL_H
#define ANONSTAT_INTERVAL_H

/* @report returns 0 to go on, else the exit status to stop with. */
typedef int (*al_report_fn)(void *ctx, unsigned long nr);

int al_interval_run(double interval, unsigned long count, al_report_fn report,
		    void *ctx);

#endif /* ANONSTAT_INTERVAL_H */
