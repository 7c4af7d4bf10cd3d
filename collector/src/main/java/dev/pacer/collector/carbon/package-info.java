/**
 * Carbon's plaintext protocol (TCP, {@code path value timestamp\n}): a bounded buffer, batched
 * writes, reconnects with backoff. Built only in {@code CollectorMain}. May import Vert.x and
 * common.
 */
package dev.pacer.collector.carbon;
