/** The admin HTTP API: health, readiness, Prometheus metrics, status, and the admin-token guard. */
package dev.pacer.common.admin;
