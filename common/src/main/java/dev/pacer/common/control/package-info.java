/** The pause state runbooks set: its values, its book, and where it is kept. */
package dev.pacer.common.control;
