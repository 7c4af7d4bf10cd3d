/**
 * Marathon: the client (REST, with failover and typed failures), the /v2/events SSE stream and its
 * relay onto the backbone. {@code SseParser} and the records are pure.
 */
package dev.pacer.common.marathon;
