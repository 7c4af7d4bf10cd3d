/**
 * Draining agents before their instances terminate: the maintenance schedule, the drain's steps
 * each cycle, and drains asked by hand ({@code POST /pools/{name}/drain}). Imports the adapters it
 * drives; never the cycle in {@code scale}.
 */
package dev.pacer.agentscaler.drain;
