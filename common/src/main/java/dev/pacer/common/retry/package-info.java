/** Retry and backoff policy: pure math that answers "how long to wait" and never sleeps. */
package dev.pacer.common.retry;
